/*! Candor embedding snippet | Apache-2.0 | https://example.invalid/candor */
// Puts the Candor widget on a clinic's page in one paste:
//
//   <div data-candor-widget data-src="https://intake.clinic.example/" data-lang="es"></div>
//   <script src="https://intake.clinic.example/embed/candor-embed.js" async></script>
//
// or, on a single-page site, `Candor.mount(element, { src, lang, accent, fontSize })`.
//
// The frame is as tall as the widget's content (the widget tells its height), its top
// comes into view on every step, and the host element receives DOM events
// (`candor:ready`, `candor:started`, `candor:signed`, `candor:queued`,
// `candor:received`, `candor:failed`, `candor:paper_chosen`) whose `detail` holds at
// most the submission id and an HTTP status. Messages are accepted only from the
// widget's own frame and origin, and only in the documented shapes; they never carry
// health data. No dependencies; nothing is sent anywhere.
(function () {
  "use strict";
  if (window.Candor && window.Candor.mount) return;

  var LIFECYCLE = ["ready", "started", "paper_chosen", "signed", "queued", "received", "failed"];
  var FRAME = ["resize", "step", "no_storage", "theme_refused"];
  var FIELDS = { event: 1, source: 1, submission_id: 1, status: 1, height: 1, option: 1 };
  var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  var WORDS = {
    en: {
      title: "Health questions and consent forms",
      loading: "Loading the form…",
      stalled: "The form has not loaded.",
      newTab: "Open the form in a new tab",
      noStorage: "If you may lose your connection, open the form in a new tab: it can keep your signed forms safe there."
    },
    es: {
      title: "Preguntas de salud y formularios de consentimiento",
      loading: "Cargando el formulario…",
      stalled: "El formulario no se ha cargado.",
      newTab: "Abrir el formulario en una pestaña nueva",
      noStorage: "Si es posible que pierda la conexión, abra el formulario en una pestaña nueva: allí puede guardar de forma segura sus formularios firmados."
    }
  };

  /** Whether `data` is one of the widget's messages, exactly as documented. */
  function valid(data) {
    if (!data || typeof data !== "object" || Array.isArray(data) || data.source !== "candor") return false;
    for (var key in data) if (!Object.prototype.hasOwnProperty.call(FIELDS, key)) return false;
    var e = data.event;
    if (LIFECYCLE.indexOf(e) < 0 && FRAME.indexOf(e) < 0) return false;
    if ("submission_id" in data && (typeof data.submission_id !== "string" || !UUID.test(data.submission_id))) return false;
    if ("status" in data && !(Number.isInteger(data.status) && data.status >= 100 && data.status <= 599)) return false;
    if ("height" in data && !(Number.isInteger(data.height) && data.height >= 0 && data.height <= 100000)) return false;
    if ("option" in data && data.option !== "accent" && data.option !== "font_size") return false;
    if (e === "resize" && !("height" in data)) return false;
    if (e === "theme_refused" && !("option" in data)) return false;
    return true;
  }

  function text(tag, className, content) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (content) el.textContent = content;
    return el;
  }

  /**
   * Puts the widget into `host`. Options: `src` (the widget's address, required),
   * `lang` ("en" or "es"), `accent` ("#rrggbb", 4.5:1 against white or refused),
   * `fontSize` (14 to 24, in pixels), `title` (the frame's accessible name),
   * `loading` ("lazy" or "eager"; lazy by default). Returns `{ frame, unmount }`.
   */
  function mount(host, options) {
    options = options || {};
    if (!host || !options.src) throw new Error("Candor.mount needs an element and options.src");
    var url = new URL(options.src, location.href);
    var lang = options.lang === "es" ? "es" : options.lang === "en" ? "en" : null;
    if (lang) url.searchParams.set("lang", lang);
    if (options.accent) url.searchParams.set("accent", String(options.accent));
    if (options.fontSize) url.searchParams.set("font_size", String(options.fontSize));
    var words = WORDS[lang || (document.documentElement.lang || "en").slice(0, 2)] || WORDS.en;
    var origin = url.origin;

    var status = text("p", "candor-embed-status", words.loading);
    status.setAttribute("role", "status");
    var fallback = text("p", "candor-embed-fallback");
    fallback.hidden = true;
    var note = text("span", "", "");
    var link = text("a", "", words.newTab);
    link.href = url.href;
    link.target = "_blank";
    link.rel = "noopener";
    fallback.appendChild(note);
    fallback.appendChild(link);

    var frame = document.createElement("iframe");
    frame.src = url.href;
    frame.title = options.title || words.title;
    frame.setAttribute("referrerpolicy", "no-referrer");
    frame.setAttribute("loading", options.loading === "eager" ? "eager" : "lazy");
    // The widget needs none of these; a frame gets none of them.
    frame.setAttribute("allow", "camera 'none'; microphone 'none'; geolocation 'none'; payment 'none'; usb 'none'");
    frame.style.cssText = "display:block;width:100%;height:40rem;border:0;overflow:hidden";
    frame.setAttribute("scrolling", "no");

    host.textContent = "";
    host.appendChild(status);
    host.appendChild(frame);
    host.appendChild(fallback);

    var ready = false;
    var stall = setTimeout(function () {
      if (ready) return;
      status.textContent = words.stalled;
      note.textContent = "";
      fallback.hidden = false;
    }, 20000);

    function onMessage(event) {
      if (event.source !== frame.contentWindow || event.origin !== origin || !valid(event.data)) return;
      var data = event.data;
      switch (data.event) {
        case "resize":
          frame.style.height = data.height + "px";
          return;
        case "step":
          var top = frame.getBoundingClientRect().top;
          if (top < 0 || top > window.innerHeight) frame.scrollIntoView({ block: "start" });
          return;
        case "no_storage":
          note.textContent = words.noStorage + " ";
          fallback.hidden = false;
          return;
        case "theme_refused":
          console.warn(
            data.option === "accent"
              ? "Candor: the accent colour was refused: it must be #rgb or #rrggbb with a contrast of at least 4.5:1 against white. The widget keeps its own colours."
              : "Candor: the font size was refused: it must be a whole number of pixels from 14 to 24. The widget keeps its own size."
          );
          return;
      }
      if (data.event === "ready") {
        ready = true;
        clearTimeout(stall);
        status.textContent = "";
        status.hidden = true;
      }
      var detail = {};
      if (data.submission_id) detail.submissionId = data.submission_id;
      if (data.status) detail.status = data.status;
      host.dispatchEvent(new CustomEvent("candor:" + data.event, { detail: detail, bubbles: true }));
    }
    window.addEventListener("message", onMessage);

    return {
      frame: frame,
      unmount: function () {
        window.removeEventListener("message", onMessage);
        clearTimeout(stall);
        host.textContent = "";
      }
    };
  }

  /** Mounts every `[data-candor-widget]` element not mounted yet. */
  function scan() {
    var hosts = document.querySelectorAll("[data-candor-widget]");
    for (var i = 0; i < hosts.length; i++) {
      var host = hosts[i];
      if (host.getAttribute("data-candor-mounted")) continue;
      host.setAttribute("data-candor-mounted", "true");
      mount(host, {
        src: host.getAttribute("data-src"),
        lang: host.getAttribute("data-lang"),
        accent: host.getAttribute("data-accent"),
        fontSize: host.getAttribute("data-font-size"),
        title: host.getAttribute("data-title"),
        loading: host.getAttribute("data-loading")
      });
    }
  }

  window.Candor = { mount: mount, scan: scan, version: 1 };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", scan);
  else scan();
})();
