/* Starts Swagger UI (from the fastapi-offline package's files) on the server's own OpenAPI
   document. A file of its own, not an inline script: the page's policy allows scripts from
   this origin only. */
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.swaggerUi = SwaggerUIBundle({
    url: root.getAttribute("data-openapi-url"),
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
    onComplete: function () { window.__docsReady = true; }
  });
})();
