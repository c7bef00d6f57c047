/* Starts ReDoc (from the fastapi-offline package's files) on the server's own OpenAPI document.
   Search runs in a web worker made from a blob, which the page's policy does not allow: off. */
(function () {
  "use strict";
  var root = document.getElementById("redoc");
  Redoc.init(
    root.getAttribute("data-openapi-url"),
    { disableSearch: true, nonce: window.__webpack_nonce__ },
    root,
    function () { window.__docsReady = true; }
  );
})();
