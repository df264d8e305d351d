// Installed in the page before the widget loads: measures, with the page's own clock,
// how long the patient waits for each thing to be painted.
//
// "Painted" is the classic next-paint approximation: a requestAnimationFrame callback
// (which runs just before the frame is drawn) posts a message, and the message is
// handled once that frame has been drawn.

export type Probe = {
  /** When the start button was first painted, in ms since navigation began (the
   * receiver's rendered welcome, before any script, when the receiver renders it). */
  startPainted: number | null;
  /** When the widget's own start button was painted (the widget has taken over). */
  widgetPainted: number | null;
  /** Keystroke (keydown) to the next frame painted, ms, while keys are armed. */
  keys: number[];
  /** The id of the field each keystroke went to (ids only, never what was typed). */
  keyFields: string[];
  /** Finger movement on the pad to its frame painted, ms, while strokes are armed. */
  strokes: number[];
  /** Tap on the step's button to the next step's heading painted, ms. */
  steps: { ms: number; to: string }[];
  armed: { keys: boolean; strokes: boolean; step: boolean };
};

declare global {
  interface Window {
    candorProbe: Probe;
  }
}

/** The script `page.addInitScript` installs. */
export function installProbe() {
  const probe: Probe = (window.candorProbe = {
    startPainted: null,
    widgetPainted: null,
    keys: [],
    keyFields: [],
    strokes: [],
    steps: [],
    armed: { keys: false, strokes: false, step: false },
  });
  const afterNextPaint = (done: (at: number) => void) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => done(performance.now());
      channel.port2.postMessage(0);
    });
  const startButton = () => document.querySelector("form.step button[type=submit]");
  // The rendered welcome's `#app` carries `data-rendered` until the widget replaces it.
  const widgetButton = () => document.querySelector("#app:not([data-rendered]) form.step button[type=submit]");
  let seen = false;
  const watcher = new MutationObserver(() => {
    if (!seen && startButton()) {
      seen = true;
      afterNextPaint((at) => (probe.startPainted = at));
    }
    if (!widgetButton()) return;
    watcher.disconnect();
    afterNextPaint((at) => (probe.widgetPainted = at));
  });
  watcher.observe(document, { childList: true, subtree: true });
  addEventListener(
    "keydown",
    (e) => {
      if (!probe.armed.keys) return;
      const field = (e.target as Element | null)?.id ?? "";
      afterNextPaint((at) => {
        probe.keys.push(at - e.timeStamp);
        probe.keyFields.push(field);
      });
    },
    true,
  );
  addEventListener(
    "touchmove",
    (e) => {
      // Chromium dispatches touchmove at the start of a frame, just before that frame's
      // requestAnimationFrame callbacks: the frame it is drawn in is the current one,
      // which has been painted when a message posted now is handled.
      if (!probe.armed.strokes) return;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => probe.strokes.push(performance.now() - e.timeStamp);
      channel.port2.postMessage(0);
    },
    { capture: true, passive: true },
  );
  addEventListener(
    "click",
    (e) => {
      if (!probe.armed.step) return;
      probe.armed.step = false;
      const heading = () => document.querySelector("h1")?.textContent ?? "";
      const before = heading();
      const wait = () =>
        afterNextPaint((at) => {
          if (heading() !== before) probe.steps.push({ ms: at - e.timeStamp, to: heading() });
          else if (at - e.timeStamp < 10_000) wait();
        });
      wait();
    },
    true,
  );
}
