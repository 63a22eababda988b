/* Shared by the console and the live pages: JSON calls with the CSRF header, and a live
   event stream that reconnects with ?since= so nothing is missed. */
"use strict";

const Antrean = (() => {
  const csrf = () => document.querySelector('meta[name="csrf-token"]').content;
  const lang = () => document.body.dataset.lang || "id";

  function toLogin() {
    const next = encodeURIComponent(location.pathname + location.search);
    location.assign(`/login?expired=1&next=${next}`);
  }

  async function call(method, url, body) {
    const options = {method, headers: {"X-CSRF-Token": csrf(), "Accept": "application/json"},
                     credentials: "same-origin"};
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const reply = await fetch(url, options);
    if (reply.status === 401) { toLogin(); throw new Error("session expired"); }
    let data = null;
    if (reply.status !== 204) {
      try { data = await reply.json(); } catch (_) { data = null; }
    }
    return {status: reply.status, ok: reply.ok, data};
  }

  function errorText(data) {
    if (!data) return "Error";
    return (lang() === "en" && data.message_en) ? data.message_en : (data.message || data.error);
  }

  /* Calls onEvent for every event; onState(true|false) when the stream connects or drops. */
  function stream(since, onEvent, onState) {
    let last = since || 0;
    let delay = 500;
    function connect() {
      const scheme = location.protocol === "https:" ? "wss" : "ws";
      const socket = new WebSocket(`${scheme}://${location.host}/api/v1/events?since=${last}`);
      socket.onopen = () => { delay = 500; onState(true); };
      socket.onmessage = (message) => {
        try {
          const event = JSON.parse(message.data);
          if (event.seq > last) last = event.seq;
          onEvent(event);
        } catch (_) { /* a malformed event is skipped */ }
      };
      socket.onclose = (closed) => {
        onState(false);
        if (closed.code === 4401) { toLogin(); return; }
        setTimeout(connect, delay);
        delay = Math.min(delay * 2, 10000);
      };
    }
    connect();
  }

  function debounce(fn, ms) {
    let timer = null;
    return () => { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }

  /* Open device faults as a banner, in both languages, until each is cleared: ``banner``
     is hidden when there are none; each fault gets a reprint (its ticket) or a resolve
     button carrying ``data-fault`` and ``data-fault-action``. */
  function drawFaults(banner, list, faults, texts) {
    list.replaceChildren();
    banner.classList.toggle("hidden", !faults.length);
    const language = lang();
    const other = language === "en" ? "id" : "en";
    const node = (tag, text, className) => {
      const made = document.createElement(tag);
      made.textContent = text;
      if (className) made.className = className;
      return made;
    };
    for (const fault of faults) {
      const item = node("li", "", "fault");
      const at = new Date(fault.at).toLocaleTimeString(language === "en" ? "en-GB" : "id-ID",
        {hour: "2-digit", minute: "2-digit"});
      const words = node("div", "", "fault-words");
      words.append(node("strong", `${at} · ${fault.headline[language]}`),
                   node("span", fault.headline[other], "fault-other"));
      const detail = fault.message + (fault.ticket_number ? ` — ${fault.ticket_number}` : "");
      if (detail) words.append(node("small", detail, "fault-detail"));
      item.append(words);
      const button = node("button", fault.can_reprint ? texts.reprint : texts.resolve, "small");
      button.type = "button";
      button.dataset.fault = fault.id;
      button.dataset.faultAction = fault.can_reprint ? "reprint" : "resolve";
      item.append(button);
      list.append(item);
    }
  }

  return {call, errorText, stream, debounce, lang, toLogin, drawFaults};
})();
