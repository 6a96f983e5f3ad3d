// Werkbrug occupation and skill pickers: an ARIA 1.2 combobox (list autocomplete).
//
// Progressive enhancement: the server renders a plain search form that works without
// JavaScript. For every element with [data-picker] this script turns its text input into
// a combobox with a listbox popup that is filled from a JSON search endpoint while typing.
//
//   data-source   URL of the JSON endpoint (?q= is appended); answers {"results": [...]}
//   data-mode     "link": choosing an option opens data-href with __URI__ replaced;
//                 "add":  choosing an option ticks (or adds) a checkbox in the list
//                         inside the element with id data-target, named data-name
//   data-msg-*    texts in the page language (results, none, added, label)
//
// Why not GOV.UK's accessible-autocomplete (npm, 3.0.1)? Measured on this portal:
// - size: this file is 8.6 KB (2.6 KB gzipped); accessible-autocomplete is 55 KB of
//   minified JavaScript (Preact inside) plus 2.5 KB CSS, for the same ARIA 1.2 pattern;
// - language of parts (WCAG 3.1.2): every option here marks an English-only ESCO label
//   with lang="en"; accessible-autocomplete renders suggestions as strings (or as HTML
//   strings through templates.suggestion, i.e. innerHTML of server data);
// - "add" mode ticks a checkbox in the server-rendered, no-JavaScript form, so the form
//   posts the same fields with or without this script; accessible-autocomplete replaces
//   the input and would need that glue written anyway;
// - it passes axe-core and the keyboard tests in tests/browser (arrow keys, Enter, Escape).
// Not measured: a side-by-side test with real screen readers; if one shows
// accessible-autocomplete doing better, swap it in behind the same data attributes.
(function () {
  "use strict";

  var counter = 0;

  function text(el, name, fallback) {
    return el.getAttribute("data-msg-" + name) || fallback;
  }

  function labelNode(label, lang) {
    var span = document.createElement("span");
    span.textContent = label;
    if (lang && lang !== document.documentElement.lang) {
      span.lang = lang;
    }
    return span;
  }

  function Picker(root) {
    counter += 1;
    this.root = root;
    this.input = root.querySelector("input[type=text], input[type=search], input:not([type])");
    if (!this.input) { return; }
    this.mode = root.getAttribute("data-mode") || "link";
    this.source = root.getAttribute("data-source");
    this.results = [];
    this.active = -1;
    this.timer = null;
    this.request = 0;
    var id = "picker-" + counter;

    this.listbox = document.createElement("ul");
    this.listbox.id = id + "-listbox";
    this.listbox.setAttribute("role", "listbox");
    this.listbox.setAttribute("aria-label", text(root, "label", this.input.labels && this.input.labels[0] ? this.input.labels[0].textContent : ""));
    this.listbox.hidden = true;

    this.status = document.createElement("div");
    this.status.className = "visually-hidden";
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");

    this.input.insertAdjacentElement("afterend", this.listbox);
    root.appendChild(this.status);

    this.input.setAttribute("role", "combobox");
    this.input.setAttribute("aria-autocomplete", "list");
    this.input.setAttribute("aria-expanded", "false");
    this.input.setAttribute("aria-controls", this.listbox.id);
    this.input.setAttribute("autocomplete", "off");

    var self = this;
    this.input.addEventListener("input", function () { self.schedule(); });
    this.input.addEventListener("keydown", function (event) { self.onKey(event); });
    this.input.addEventListener("blur", function () {
      // Let a click on an option land before the list closes.
      setTimeout(function () { self.close(); }, 150);
    });
    this.listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
    this.listbox.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) { self.choose(parseInt(option.getAttribute("data-index"), 10)); }
    });
  }

  Picker.prototype.schedule = function () {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.search(); }, 200);
  };

  Picker.prototype.search = function () {
    var query = this.input.value.trim();
    var self = this;
    if (query.length < 2) {
      this.render([]);
      return;
    }
    var ticket = ++this.request;
    var url = this.source + (this.source.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(query);
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) {
        if (ticket === self.request) { self.render(data.results || [], true); }
      })
      .catch(function () { self.render([]); });
  };

  Picker.prototype.render = function (results, announce) {
    this.results = results;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    this.listbox.textContent = "";
    var self = this;
    results.forEach(function (hit, i) {
      var li = document.createElement("li");
      li.id = self.listbox.id + "-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.setAttribute("data-index", String(i));
      li.appendChild(labelNode(hit.label, hit.lang));
      if (hit.other_label && hit.other_label !== hit.label) {
        li.appendChild(document.createTextNode(" – "));
        li.appendChild(labelNode(hit.other_label, hit.other_lang));
      }
      self.listbox.appendChild(li);
    });
    var open = results.length > 0;
    this.listbox.hidden = !open;
    this.input.setAttribute("aria-expanded", open ? "true" : "false");
    if (announce) {
      this.status.textContent = results.length
        ? text(this.root, "results", "%(n)s results").replace("%(n)s", String(results.length))
        : text(this.root, "none", "No results");
    }
  };

  Picker.prototype.close = function () {
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
  };

  Picker.prototype.move = function (delta) {
    if (!this.results.length) { return; }
    if (this.listbox.hidden) {
      this.listbox.hidden = false;
      this.input.setAttribute("aria-expanded", "true");
    }
    var options = this.listbox.querySelectorAll("[role=option]");
    if (this.active >= 0) { options[this.active].setAttribute("aria-selected", "false"); }
    this.active = (this.active + delta + options.length) % options.length;
    var option = options[this.active];
    option.setAttribute("aria-selected", "true");
    this.input.setAttribute("aria-activedescendant", option.id);
    option.scrollIntoView({ block: "nearest" });
  };

  Picker.prototype.onKey = function (event) {
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (this.listbox.hidden && !this.results.length) { this.search(); } else { this.move(1); }
        break;
      case "ArrowUp":
        event.preventDefault();
        this.move(-1);
        break;
      case "Enter":
        if (!this.listbox.hidden && this.active >= 0) {
          event.preventDefault();
          this.choose(this.active);
        }
        break; // without an active option Enter submits the plain search form
      case "Escape":
        if (!this.listbox.hidden) {
          event.preventDefault();
          this.close();
        } else if (this.input.value) {
          event.preventDefault();
          this.input.value = "";
        }
        break;
      default:
        break;
    }
  };

  Picker.prototype.choose = function (index) {
    var hit = this.results[index];
    if (!hit) { return; }
    if (this.mode === "link") {
      var href = this.root.getAttribute("data-href");
      window.location.assign(href.replace("__URI__", encodeURIComponent(hit.uri)));
      return;
    }
    this.add(hit);
    this.input.value = "";
    this.render([]);
    this.status.textContent = text(this.root, "added", "%(label)s added").replace("%(label)s", hit.label);
    this.input.focus();
  };

  Picker.prototype.add = function (hit) {
    var list = document.getElementById(this.root.getAttribute("data-target"));
    var name = this.root.getAttribute("data-name");
    if (!list) { return; }
    var boxes = document.querySelectorAll("input[type=checkbox]");
    for (var i = 0; i < boxes.length; i += 1) {
      if (boxes[i].value === hit.uri && boxes[i].name === name) {
        boxes[i].checked = true;
        return;
      }
    }
    counter += 1;
    var container = list.querySelector("fieldset") || list;
    var row = document.createElement("div");
    row.className = "option";
    var box = document.createElement("input");
    box.type = "checkbox";
    box.name = name;
    box.value = hit.uri;
    box.checked = true;
    box.id = name + "-added-" + counter;
    var label = document.createElement("label");
    label.htmlFor = box.id;
    label.appendChild(labelNode(hit.label, hit.lang));
    row.appendChild(box);
    row.appendChild(document.createTextNode(" "));
    row.appendChild(label);
    container.appendChild(row);
  };

  var roots = document.querySelectorAll("[data-picker]");
  for (var i = 0; i < roots.length; i += 1) {
    new Picker(roots[i]);
  }
})();
