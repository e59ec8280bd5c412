/* opsbook: catalog filtering and sorting, and runbook checklists that remember
   their ticks while an incident is being worked. No dependencies; works with
   and without Material's instant navigation. */
(function () {
  "use strict";

  function text(cell) {
    return (cell.getAttribute("data-opsbook-sort") || cell.textContent || "").trim().toLowerCase();
  }

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
    var count = document.createElement("span");
    count.className = "opsbook-catalog__count";
    tools.appendChild(count);
    wrapper.insertBefore(tools, wrapper.firstChild);

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
      count.textContent = shown + " / " + rows.length;
    }
    filter.addEventListener("input", apply);
    if (select) select.addEventListener("change", apply);
    apply();

    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
      header.setAttribute("tabindex", "0");
      function sort() {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
          other.removeAttribute("aria-sort");
        });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var x = text(a.cells[index]), y = text(b.cells[index]);
          return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      header.addEventListener("click", sort);
      header.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  }

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

  function setup() {
    document.querySelectorAll("[data-opsbook-table]").forEach(setupTable);
    document.querySelectorAll("input[data-opsbook-check]").forEach(setupChecklist);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
