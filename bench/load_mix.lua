-- wrk script: a mix of what readers do, in turn on each connection.
-- wrk -t2 -c32 -d60s -s bench/load_mix.lua http://127.0.0.1:8000
local paths = {
  "/practices/",
  "/practices/?region=430000",
  "/practices/?region=430000&theme=party-building",
  "/practices/?q=%E7%BD%91%E6%A0%BC",                        -- 网格
  "/practices/?q=%E7%9F%9B%E7%9B%BE%E7%BA%A0%E7%BA%B7",      -- 矛盾纠纷
  "/practices/hongjiang-liudan-gongzuofa/",
  "/practices/export.csv?region=430000&theme=party-building",
  "/",
}
local counter = 0

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

done = function(summary, latency, requests)
  io.write(string.format("requests %d, errors %d (status>=400 counted per thread)\n",
    summary.requests, summary.errors.status + summary.errors.connect
      + summary.errors.read + summary.errors.write + summary.errors.timeout))
  io.write(string.format("p50 %.1f ms, p99 %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
