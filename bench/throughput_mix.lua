-- wrk script: anonymous readers' pages (browse, search, practice pages), in turn on
-- each connection. bench/throughput.sh runs it.
local paths = {
  "/practices/",
  "/practices/?page=2",
  "/practices/?region=430000",
  "/practices/?region=430000&theme=grid-management",
  "/practices/?region=370000",
  "/practices/?theme=party-building",
  "/practices/?q=%E7%BD%91",                                 -- 网
  "/practices/?q=%E7%BD%91%E6%A0%BC",                        -- 网格
  "/practices/?q=%E7%B6%B2%E6%A0%BC",                        -- 網格
  "/practices/?q=%E7%9F%9B%E7%9B%BE%E7%BA%A0%E7%BA%B7",      -- 矛盾纠纷
  "/practices/?q=%E5%85%AD%E5%8D%95%E5%B7%A5%E4%BD%9C%E6%B3%95", -- 六单工作法
  "/practices/hongjiang-liudan-gongzuofa/",
  "/practices/shouguang-1plus4-county-social-governance/",
  "/practices/hetang-urban-rural-assistance/",
  "/practices/synthetic-1/",
  "/practices/synthetic-50000/",
  "/",
  "/themes/",
}
local counter = 0

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

done = function(summary, latency, requests)
  io.write(string.format("requests %d, non-2xx/3xx or socket errors %d\n",
    summary.requests, summary.errors.status + summary.errors.connect
      + summary.errors.read + summary.errors.write + summary.errors.timeout))
  io.write(string.format("p50 %.1f ms, p99 %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
