/* Runs before ReDoc's script. ReDoc styles itself with <style> elements it writes at run time;
   the page's policy allows them only with this response's nonce, which styled-components (inside
   ReDoc) reads from window.__webpack_nonce__. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csp-nonce"]');
  window.__webpack_nonce__ = meta ? meta.getAttribute("content") : "";
})();
