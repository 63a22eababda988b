/* A visitor's ticket status, followed live.

   The page opens WS /api/v1/status/{token}/live and shows each update it is sent. While
   that stream is down it polls /api/v1/status/{token} every 15 seconds and tries the
   stream again after 1, 2, 4 ... up to 60 seconds (with jitter, so a thousand phones do
   not come back at once). Close codes 4404 (unknown ticket) and 4410 (ticket ended)
   are final: the page stops following. With N or fewer people ahead (data-near-turn)
   it says "almost your turn"; on that and on the call it vibrates and beeps, the beep
   once the visitor has turned sound on (browsers allow audio only after a tap). */
"use strict";

(() => {
  const root = document.getElementById("status");
  const texts = JSON.parse(root.dataset.texts);
  const lang = root.dataset.lang;
  const token = encodeURIComponent(root.dataset.token);
  const nearTurnAhead = Number(root.dataset.nearTurn);
  const FINAL_STATES = new Set(["done", "no_show", "cancelled"]);
  const FINAL_CLOSES = new Set([4404, 4410]);
  const POLL_MS = 15000;
  const RETRY_MAX_MS = 60000;
  const byId = (id) => document.getElementById(id);

  let shown = { status: root.dataset.state, near: !byId("near").hidden };
  let ended = FINAL_STATES.has(shown.status);
  let socket = null;
  let failures = 0;
  let pollTimer = null;
  let retryTimer = null;
  let audio = null;

  function isNear(ticket) {
    return ticket.status === "waiting" && ticket.position !== null && ticket.position <= nearTurnAhead;
  }

  function estimateText(ticket) {
    if (ticket.estimated_wait_min === null) return "—";
    if (ticket.estimated_wait_low_min !== null && ticket.estimated_wait_high_min !== null) {
      return `${ticket.estimated_wait_low_min}–${ticket.estimated_wait_high_min} ${texts.min}`;
    }
    return `${ticket.estimated_wait_min} ${texts.min}`;
  }

  function show(ticket) {
    const called = ticket.status === "called" && ticket.counter !== null;
    let state = texts[ticket.status] || ticket.status;
    if (called) state += ` · ${texts.go_to} ${texts.counter} ${ticket.counter}`;
    byId("state").textContent = state;
    byId("position").textContent = ticket.position === null ? "—" : String(ticket.position);
    byId("estimate").textContent = estimateText(ticket);
    const name = ticket.service_name[lang] || ticket.service;
    byId("service").textContent = ticket.stage_name ? `${name} · ${ticket.stage_name[lang]}` : name;
    byId("called").hidden = !called;
    byId("facts").hidden = ticket.status !== "waiting"; /* people ahead: only while waiting */
    if (called) {
      byId("called-main").textContent = texts.called_to.replace("{counter}", ticket.counter);
      byId("called-other").textContent = texts.called_to_other.replace("{counter}", ticket.counter);
    }
    const near = isNear(ticket);
    byId("near").hidden = !near;
    if (called && (shown.status !== "called" || shown.counter !== ticket.counter)) alert([400, 150, 400, 150, 400], 3);
    else if (near && !shown.near) alert([200, 100, 200], 1);
    shown = { status: ticket.status, counter: ticket.counter, near };
    if (FINAL_STATES.has(ticket.status)) stopFollowing();
  }

  function alert(pattern, beeps) {
    if (navigator.vibrate) {
      try { navigator.vibrate(pattern); } catch (_) { /* not allowed before a tap */ }
    }
    if (audio === null) return;
    for (let n = 0; n < beeps; n += 1) beep(audio.currentTime + n * 0.35);
  }

  function beep(at) {
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.4, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.25);
    tone.connect(gain).connect(audio.destination);
    tone.start(at);
    tone.stop(at + 0.3);
  }

  function turnSoundOn() {
    const button = byId("sound");
    const Context = window.AudioContext || window.webkitAudioContext;
    if (Context && audio === null) {
      try { audio = new Context(); } catch (_) { audio = null; }
    }
    if (audio !== null) audio.resume().catch(() => {});
    button.setAttribute("aria-pressed", "true");
    button.textContent = texts.sound_is_on;
    alert([100], 1); /* the visitor hears and feels what will come */
  }

  function setLine(key) { byId("live").textContent = texts[key]; }

  async function refresh() {
    try {
      const reply = await fetch(`/api/v1/status/${token}`, { cache: "no-store" });
      if (reply.ok) show(await reply.json());
    } catch (_) { /* offline for a moment: keep what is shown */ }
  }

  function startPolling() {
    if (pollTimer === null && !ended) pollTimer = setInterval(refresh, POLL_MS);
  }

  function stopPolling() {
    if (pollTimer !== null) clearInterval(pollTimer);
    pollTimer = null;
  }

  function stopFollowing() {
    ended = true;
    stopPolling();
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
    setLine("ended");
    byId("sound").hidden = true;
  }

  function connect() {
    retryTimer = null;
    if (ended || socket !== null) return;
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${location.host}/api/v1/status/${token}/live`);
    socket.onopen = () => { failures = 0; stopPolling(); setLine("live"); };
    socket.onmessage = (message) => {
      try { show(JSON.parse(message.data)); } catch (_) { /* not an update: ignore it */ }
    };
    socket.onclose = (closed) => {
      socket = null;
      if (ended) return;
      if (FINAL_CLOSES.has(closed.code)) { refresh().then(stopFollowing); return; }
      failures += 1;
      setLine("polling");
      refresh();
      startPolling();
      const backoff = Math.min(RETRY_MAX_MS, 1000 * 2 ** Math.min(failures - 1, 6));
      retryTimer = setTimeout(connect, backoff * (0.5 + Math.random() / 2));
    };
  }

  byId("sound").addEventListener("click", turnSoundOn);
  document.addEventListener("visibilitychange", () => {
    /* a phone that slept comes back: follow again now, not at the next retry */
    if (document.visibilityState === "visible" && socket === null && !ended) {
      if (retryTimer !== null) clearTimeout(retryTimer);
      connect();
    }
  });
  if (ended) setLine("ended");
  else connect();
})();
