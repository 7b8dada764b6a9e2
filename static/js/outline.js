/* The admin's content editor (casefiles/admin_content.py), enhanced: move, indent and
   add rows without typing positions; fill the focused quote field from a selection
   in the source; say at once whether a quote is verbatim in the source and whether a
   figure's number is in it. The server checks the same on save (practices/rules.py):
   this only saves the editor a round trip. Without JavaScript the form still works. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    var form = document.getElementById("outline-form");
    var list = document.getElementById("outline-rows");
    if (!form || !list) return;
    var sources = Array.prototype.map.call(
      document.querySelectorAll(".source-text"),
      function (el) { return squeeze(el.textContent); }
    );
    var lastQuote = null;
    // The blank rows at the end are for typing without JavaScript; here rows are
    // added where they belong.
    list.querySelectorAll(".outline-row[data-blank]").forEach(function (row) {
      row.remove();
    });
    var messages = {
      ok: "✓ verbatim in the source",
      bad: "✗ not found in the source: select the passage in the source text",
      number: "✗ the value is not written in this quote as a number",
    };
    if (document.documentElement.lang.indexOf("zh") === 0) {
      messages = {
        ok: "✓ 与原文一致",
        bad: "✗ 原文中找不到这段引文：请在左侧原文中选取",
        number: "✗ 引文中没有以数字写出的这个数值",
      };
    }

    function squeeze(text) { return (text || "").replace(/\s+/g, ""); }

    function rows() { return Array.prototype.slice.call(list.children); }

    function depthOf(row) {
      var match = /depth-(\d+)/.exec(row.className);
      return match ? parseInt(match[1], 10) : 1;
    }

    function setDepth(row, depth) {
      depth = Math.max(1, Math.min(12, depth));
      row.className = row.className.replace(/depth-\d+/, "depth-" + depth);
      var input = row.querySelector(".row-depth");
      if (input) input.value = depth;
    }

    /* A step and everything under it (its parts and deeper steps). */
    function block(row) {
      var all = rows(), start = all.indexOf(row), depth = depthOf(row), out = [row];
      if (row.dataset.type !== "step") return out;
      for (var i = start + 1; i < all.length; i++) {
        var next = all[i];
        if (next.dataset.type === "step" && depthOf(next) <= depth) break;
        out.push(next);
      }
      return out;
    }

    function newRow(type, depth) {
      var template = document.getElementById("template-" + type);
      var row = template.content.firstElementChild.cloneNode(true);
      setDepth(row, depth);
      return row;
    }

    function check(area) {
      var note = area.closest(".outline-row").querySelector(".quote-check");
      if (!note) return;
      var quote = squeeze(area.value);
      note.className = "quote-check";
      note.textContent = "";
      if (!quote) return;
      var found = sources.some(function (text) { return text.indexOf(quote) !== -1; });
      if (!found) {
        note.className = "quote-check bad";
        note.textContent = messages.bad;
        return;
      }
      var row = area.closest(".outline-row");
      var value = row.querySelector(".row-value");
      if (value && /^\d+(\.\d+)?$/.test(value.value.trim())) {
        var digits = value.value.trim();
        var plain = quote.replace(/,/g, "");
        // 1.2万 and 五 are read on the server; here only a number written as digits
        // that is absent in every form is flagged.
        if (plain.indexOf(digits) === -1 && !/[万亿千百十零一二两三四五六七八九成每当]/.test(quote)) {
          note.className = "quote-check bad";
          note.textContent = messages.number;
          return;
        }
      }
      note.className = "quote-check ok";
      note.textContent = messages.ok;
    }

    list.addEventListener("focusin", function (event) {
      if (event.target.matches("textarea[data-quote]")) lastQuote = event.target;
    });
    list.addEventListener("input", function (event) {
      var row = event.target.closest(".outline-row");
      var area = row && row.querySelector("textarea[data-quote]");
      if (area) check(area);
    });

    document.querySelectorAll(".source-text").forEach(function (pane) {
      pane.addEventListener("mouseup", function () {
        var selected = window.getSelection().toString();
        if (!lastQuote || !squeeze(selected)) return;
        lastQuote.value = selected.trim();
        check(lastQuote);
        lastQuote.focus();
      });
    });

    list.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-do]");
      if (!button) return;
      var row = button.closest(".outline-row");
      var action = button.dataset.do, depth = depthOf(row), group = block(row);
      var all = rows(), first = all.indexOf(group[0]), last = all.indexOf(group[group.length - 1]);
      if (action === "up" && first > 0) {
        var before = all[first - 1];
        var target = before;
        if (row.dataset.type === "step") {
          // Jump over the previous sibling's whole block.
          for (var i = first - 1; i >= 0; i--) {
            if (all[i].dataset.type === "step" && depthOf(all[i]) <= depth) { target = all[i]; break; }
          }
        }
        group.forEach(function (item) { list.insertBefore(item, target); });
      } else if (action === "down" && last < all.length - 1) {
        var after = all[last + 1];
        var anchor = after.dataset.type === "step" ? block(after) : [after];
        var end = anchor[anchor.length - 1];
        group.slice().reverse().forEach(function (item) { end.after(item); });
      } else if (action === "indent" || action === "outdent") {
        var change = action === "indent" ? 1 : -1;
        if (change > 0) {
          var prev = null;
          for (var j = first - 1; j >= 0; j--) {
            if (all[j].dataset.type === "step") { prev = all[j]; break; }
          }
          if (!prev || depthOf(prev) < depth) return;  // a sub-step needs a parent above
        }
        group.forEach(function (item) {
          if (item.dataset.type === "step") setDepth(item, depthOf(item) + change);
        });
      } else if (action === "add-child" || action === "add-metric" || action === "add-involvement") {
        var type = action === "add-child" ? "step" : action.slice(4);
        var fresh = newRow(type, action === "add-child" ? depth + 1 : depth);
        var place = row;
        if (type !== "step") {
          // after the step's own figures and actors, before its sub-steps
          for (var k = first + 1; k <= last && all[k].dataset.type !== "step"; k++) place = all[k];
        } else {
          place = group[group.length - 1];
        }
        place.after(fresh);
        focusFirst(fresh);
      } else if (action === "add-after") {
        var sibling = newRow("step", depth);
        group[group.length - 1].after(sibling);
        focusFirst(sibling);
      }
    });

    document.querySelectorAll("button[data-add]").forEach(function (button) {
      button.addEventListener("click", function () {
        var type = button.dataset.add;
        var fresh = newRow(type, 1);
        list.appendChild(fresh);
        focusFirst(fresh);
      });
    });

    function focusFirst(row) {
      var field = row.querySelector("input[type=text], textarea");
      if (field) field.focus();
    }

    /* Rows are read in document order: number them so before sending. */
    form.addEventListener("submit", function () {
      rows().forEach(function (row, index) {
        row.querySelectorAll("[name^='rows-']").forEach(function (field) {
          field.name = field.name.replace(/^rows-[^-]+-/, "rows-" + index + "-");
        });
      });
      document.getElementById("rows-total").value = rows().length;
    });

    list.querySelectorAll("textarea[data-quote]").forEach(check);
  });
})();
