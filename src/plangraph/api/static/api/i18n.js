/* The words of a static page (the SPARQL query page) in the language of its address (?lang=nb,
   nn or en; Bokmål by default). The messages come from /static/i18n/messages.js (the server's
   catalogues); every element with data-i18n gets its text, data-i18n-attr an attribute.
   window.plangraphText(key, fields) gives page scripts the same words. */
(function () {
  "use strict";
  var all = window.plangraphMessages || {};
  var wanted = new URLSearchParams(window.location.search).get("lang");
  var lang = all[wanted] ? wanted : "nb";
  var messages = all[lang] || {};

  window.plangraphLang = lang;
  window.plangraphText = function (key, fields) {
    var found = messages[key];
    if (found === undefined) { return key; }
    return found.replace(/\{(\w+)\}/g, function (_whole, name) {
      return fields && fields[name] !== undefined ? String(fields[name]) : "";
    });
  };

  function translate() {
    document.documentElement.setAttribute("lang", lang);
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n]"), function (node) {
      var text = window.plangraphText(node.getAttribute("data-i18n"));
      var attr = node.getAttribute("data-i18n-attr");
      if (attr) { node.setAttribute(attr, text); } else { node.textContent = text; }
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-lang-link]"), function (a) {
      a.setAttribute("aria-current", a.getAttribute("data-lang-link") === lang ? "true" : "false");
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", translate);
  } else {
    translate();
  }
})();
