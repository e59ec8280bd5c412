/* opsbook: catalog filtering and sorting, runbook checklists that remember
   their ticks while an incident is being worked, flowcharts drawn at the size
   of the text (with a full-screen view), and tables that scroll in a region the
   keyboard can reach. No dependencies; works with and without Material's (and
   Zensical's) instant navigation. */
(function () {
  "use strict";

  function text(cell) {
    return (cell.getAttribute("data-opsbook-sort") || cell.textContent || "").trim().toLowerCase();
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? String(values[name]) : whole;
    });
  }

  // --- catalog tables: filter, owner, count, sort ----------------------------------------

  function setupTable(wrapper) {
    if (wrapper.getAttribute("data-opsbook-ready")) return;
    wrapper.setAttribute("data-opsbook-ready", "1");
    var table = wrapper.querySelector("table");
    if (!table || !table.tBodies.length) return;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);

    var tools = document.createElement("div");
    tools.className = "opsbook-catalog__tools";
    var filter = document.createElement("input");
    filter.type = "search";
    filter.className = "opsbook-catalog__filter";
    filter.placeholder = wrapper.getAttribute("data-opsbook-label-filter") || "Filter…";
    filter.setAttribute("aria-label", filter.placeholder);
    tools.appendChild(filter);

    var owners = [];
    rows.forEach(function (row) {
      var owner = row.getAttribute("data-opsbook-owner");
      if (owner && owners.indexOf(owner) < 0) owners.push(owner);
    });
    var select = null;
    if (owners.length > 1) {
      select = document.createElement("select");
      select.className = "opsbook-catalog__owner";
      select.setAttribute("aria-label", wrapper.getAttribute("data-opsbook-label-owner") || "Owner");
      var any = document.createElement("option");
      any.value = "";
      any.textContent = wrapper.getAttribute("data-opsbook-label-any-owner") || "Any owner";
      select.appendChild(any);
      owners.sort().forEach(function (owner) {
        var option = document.createElement("option");
        option.value = owner;
        option.textContent = owner;
        select.appendChild(option);
      });
      tools.appendChild(select);
    }
    // The number of rows shown; screen readers announce it as it changes.
    var count = document.createElement("span");
    count.className = "opsbook-catalog__count";
    count.setAttribute("role", "status");
    count.setAttribute("aria-live", "polite");
    tools.appendChild(count);
    wrapper.insertBefore(tools, wrapper.firstChild);
    var countLabel = wrapper.getAttribute("data-opsbook-label-count") || "{shown} of {total}";

    function apply() {
      var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      var owner = select ? select.value : "";
      var shown = 0;
      rows.forEach(function (row) {
        var haystack = row.textContent.toLowerCase();
        var visible = words.every(function (word) { return haystack.indexOf(word) >= 0; }) &&
          (!owner || row.getAttribute("data-opsbook-owner") === owner);
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      count.textContent = fill(countLabel, { shown: shown, total: rows.length });
    }
    filter.addEventListener("input", apply);
    if (select) select.addEventListener("change", apply);
    apply();

    // Each column heading holds a button: announced as one, with the column's sort state
    // (aria-sort on the heading) read along with it.
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    headers.forEach(function (header, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "opsbook-sort";
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      header.addEventListener("click", function (event) {  // anywhere in the heading
        if (!button.contains(event.target)) button.click();
      });
      button.addEventListener("click", function () {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var x = text(a.cells[index]), y = text(b.cells[index]);
          return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  // --- runbook checklists ------------------------------------------------------------------

  function setupChecklist(box) {
    if (box.getAttribute("data-opsbook-ready")) return;
    box.setAttribute("data-opsbook-ready", "1");
    var key = "opsbook:" + location.pathname + ":" + box.getAttribute("data-opsbook-check");
    var step = box.closest(".opsbook-step");
    function mark() { if (step) step.classList.toggle("opsbook-step--done", box.checked); }
    try { box.checked = sessionStorage.getItem(key) === "1"; } catch (error) { /* storage off */ }
    mark();
    box.addEventListener("change", function () {
      try { sessionStorage.setItem(key, box.checked ? "1" : "0"); } catch (error) { /* storage off */ }
      mark();
    });
  }

  // --- flowcharts ----------------------------------------------------------------------------

  // The theme hands each chart's text to mermaid.render. For an opsbook chart, the text
  // gets Mermaid settings that draw it at its natural size, with labels as large as the
  // page's text (the chart scrolls in its region instead of shrinking), and an accessible
  // title and description. The chart's source in the page stays free of directives.
  function oneLine(value) {
    return String(value || "").replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/[%{}]/g, "");
  }

  function chartFor(source) {
    var found = null;
    document.querySelectorAll(".opsbook-flowchart__chart pre").forEach(function (pre) {
      if (!found && pre.textContent === source) found = pre.closest(".opsbook-flowchart__chart");
    });
    return found;
  }

  function prepared(source, region) {
    var size = parseFloat(getComputedStyle(region).fontSize) || 16;
    var lines = source.split("\n");
    var settings = [
      "---",
      "config:",
      "  fontSize: " + size,
      "  themeVariables:",
      "    fontSize: " + size + "px",
      "  flowchart:",
      "    useMaxWidth: false",
      "---"
    ];
    var accessible = [
      "    accTitle: " + oneLine(region.getAttribute("data-opsbook-chart-title")),
      "    accDescr: " + oneLine(region.getAttribute("data-opsbook-chart-description"))
    ];
    return settings.concat(lines.slice(0, 1), accessible, lines.slice(1)).join("\n");
  }

  // Where the Start node is, in px from the chart's left edge, read from the SVG Mermaid made.
  function startOf(svg) {
    if (typeof svg !== "string") return null;
    var node = /<g[^>]*flowchart-opsbook_start-[^>]*>/.exec(svg);
    var move = node && /translate\(\s*(-?[\d.]+)/.exec(node[0]);
    var box = /viewBox="\s*(-?[\d.]+)/.exec(svg);
    return move ? parseFloat(move[1]) - (box ? parseFloat(box[1]) : 0) : null;
  }

  function showStart(region) {
    var x = parseFloat(region.getAttribute("data-opsbook-start-x"));
    var host = region.querySelector(".mermaid");
    if (isNaN(x) || !host || region.scrollWidth <= region.clientWidth) return;
    var offset = (host.getBoundingClientRect().width - host.scrollWidth) / 2;  // centred
    region.scrollLeft = Math.max(0, x + Math.max(0, offset) - region.clientWidth / 2);
  }

  function wrapMermaid() {
    var mermaid = window.mermaid;
    if (!mermaid || typeof mermaid.render !== "function" || mermaid.render.opsbook) return;
    var render = mermaid.render;
    var wrapped = function (id, source) {
      var args = Array.prototype.slice.call(arguments);
      var region = typeof source === "string" ? chartFor(source) : null;
      if (region) args[1] = prepared(source, region);
      var drawn = render.apply(this, args);
      if (region && drawn && typeof drawn.then === "function") {
        // A chart wider than its region starts scrolled to where it begins: its Start node.
        drawn.then(function (result) {
          var x = startOf(result && result.svg);
          if (x !== null) region.setAttribute("data-opsbook-start-x", String(x));
          setTimeout(function () { showStart(region); }, 0);
        }, function () { /* the theme reports errors */ });
      }
      return drawn;
    };
    wrapped.opsbook = true;
    try { mermaid.render = wrapped; } catch (error) { /* a frozen Mermaid: default sizes */ }
  }

  // A button that opens the chart over the whole screen, and closes it again (Escape too).
  function setupFlowchart(figure) {
    if (figure.getAttribute("data-opsbook-ready")) return;
    figure.setAttribute("data-opsbook-ready", "1");
    var region = figure.querySelector(".opsbook-flowchart__chart");
    if (!region) return;
    var open = figure.getAttribute("data-opsbook-label-open") || "Open full screen";
    var close = figure.getAttribute("data-opsbook-label-close") || "Close full screen";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "opsbook-flowchart__toggle md-button";
    button.setAttribute("aria-expanded", "false");
    button.textContent = open;
    figure.insertBefore(button, figure.firstChild);
    function toggle(full) {
      figure.classList.toggle("opsbook-flowchart--full", full);
      document.documentElement.classList.toggle("opsbook-noscroll", full);
      button.textContent = full ? close : open;
      button.setAttribute("aria-expanded", full ? "true" : "false");
      button.focus();
      showStart(region);
    }
    button.addEventListener("click", function () {
      toggle(!figure.classList.contains("opsbook-flowchart--full"));
    });
    figure.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && figure.classList.contains("opsbook-flowchart--full")) {
        event.preventDefault();
        toggle(false);
      }
    });
  }

  // --- tables the theme wraps ----------------------------------------------------------------

  // Material and Zensical wrap a Markdown table in a scroller of their own. When it does
  // scroll, the keyboard must reach it and screen readers must hear what it is.
  function setupScroller(scroller) {
    var wide = scroller.scrollWidth > scroller.clientWidth + 1;
    if (wide && !scroller.hasAttribute("tabindex")) {
      scroller.setAttribute("tabindex", "0");
      scroller.setAttribute("role", "region");
      var caption = scroller.querySelector("caption");
      var label = document.querySelector("[data-opsbook-label-table]");
      scroller.setAttribute("aria-label", caption ? caption.textContent.trim() :
        (label && label.getAttribute("data-opsbook-label-table")) || "Table");
    } else if (!wide && scroller.getAttribute("role") === "region" &&
               scroller.classList.contains("md-typeset__scrollwrap")) {
      scroller.removeAttribute("tabindex");
      scroller.removeAttribute("role");
      scroller.removeAttribute("aria-label");
    }
  }

  function setupScrollers() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(setupScroller);
  }

  function setup() {
    wrapMermaid();
    document.querySelectorAll("[data-opsbook-table]").forEach(setupTable);
    document.querySelectorAll("input[data-opsbook-check]").forEach(setupChecklist);
    document.querySelectorAll(".opsbook-flowchart").forEach(setupFlowchart);
    setupScrollers();
  }

  wrapMermaid();  // before the theme draws the first chart
  var resized = 0;
  window.addEventListener("resize", function () {
    clearTimeout(resized);
    resized = setTimeout(setupScrollers, 150);
  });
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
