/// The scripts of the "Talk to this agent" page, served from `/static/` (the CSP allows
/// scripts from this origin only).
enum DashboardTalkScripts {
    /// The page: asks for a ticket, opens the socket, wires the microphone and the player,
    /// and shows the transcript and turn latency as they arrive.
    static let page = #"""
    "use strict";
    (() => {
      const root = document.getElementById("talk");
      const startButton = document.getElementById("talk-start");
      if (!root || !startButton) return;
      const stopButton = document.getElementById("talk-stop");
      const status = document.getElementById("talk-status");
      const errorBox = document.getElementById("talk-error");
      const transcript = document.querySelector("#talk-transcript tbody");
      const latency = document.querySelector("#talk-latency tbody");
      const RATE = 16000;
      let call = null;

      function show(text) { status.textContent = text; }
      function fail(text) { errorBox.textContent = text; errorBox.hidden = false; }
      function cell(row, text, header) {
        const td = document.createElement(header ? "th" : "td");
        td.textContent = text;
        row.appendChild(td);
      }
      function stage(a, b) { return a === undefined || b === undefined ? "—" : (b - a) + " ms"; }

      function onMessage(message) {
        switch (message.event) {
        case "started":
          call.id = message.callId;
          show("Connected — speak now.");
          break;
        case "transcript": {
          const row = document.createElement("tr");
          row.className = "line-" + message.speaker;
          cell(row, (message.start_ms / 1000).toFixed(1) + " s");
          cell(row, message.speaker, true);
          cell(row, message.text + (message.interrupted === true || message.interrupted === 1 ? " (interrupted)" : ""));
          transcript.appendChild(row);
          break;
        }
        case "turn": {
          const row = document.createElement("tr");
          cell(row, String(message.turn));
          cell(row, stage(message.user_speech_end_ms, message.endpoint_ms));
          cell(row, stage(message.endpoint_ms, message.stt_final_ms));
          cell(row, stage(message.stt_final_ms, message.first_brain_output_ms));
          cell(row, stage(message.first_brain_output_ms, message.first_tts_audio_ms));
          cell(row, stage(message.first_tts_audio_ms, message.first_frame_out_ms));
          cell(row, message.voice_to_voice_ms === undefined ? "—" : message.voice_to_voice_ms + " ms");
          latency.appendChild(row);
          break;
        }
        case "clear":
          call.player.port.postMessage("clear");
          break;
        case "error":
          fail(message.message + " (" + message.code + ")");
          break;
        case "ended":
          finish("Call ended: " + message.reason.replace(/_/g, " ") + ".");
          break;
        }
      }

      function finish(text) {
        if (!call) return;
        const ended = call;
        call = null;
        show(text);
        if (ended.id) {
          const link = document.createElement("a");
          link.href = "/calls/" + encodeURIComponent(ended.id);
          link.textContent = " Open the call record →";
          status.appendChild(link);
        }
        if (ended.socket.readyState <= 1) ended.socket.close();
        ended.microphone.getTracks().forEach((track) => track.stop());
        ended.context.close();
        startButton.disabled = false;
        stopButton.disabled = true;
      }

      async function start() {
        errorBox.hidden = true;
        startButton.disabled = true;
        show("Connecting…");
        try {
          const response = await fetch("/agents/" + encodeURIComponent(root.dataset.agent) + "/talk", {
            method: "POST", credentials: "same-origin", headers: { "Accept": "application/json" },
            body: new URLSearchParams({ _csrf: root.dataset.csrf }),
          });
          const ticket = await response.json();
          if (!response.ok) throw new Error(ticket.error ? ticket.error.message : "HTTP " + response.status);
          const context = new AudioContext({ sampleRate: RATE });
          if (context.sampleRate !== RATE) throw new Error("this browser cannot run audio at 16 kHz");
          await context.audioWorklet.addModule("/static/talk-worklet.js");
          const microphone = await navigator.mediaDevices.getUserMedia({
            audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
          });
          const capture = new AudioWorkletNode(context, "parley-capture", { numberOfOutputs: 1, outputChannelCount: [1] });
          const player = new AudioWorkletNode(context, "parley-player", { numberOfInputs: 0, outputChannelCount: [1] });
          const mute = context.createGain();
          mute.gain.value = 0;
          context.createMediaStreamSource(microphone).connect(capture).connect(mute).connect(context.destination);
          player.connect(context.destination);
          await context.resume();
          const url = new URL(ticket.path, location.href);
          url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
          const socket = new WebSocket(url);
          socket.binaryType = "arraybuffer";
          call = { socket, context, microphone, player, id: null };
          socket.onopen = () => socket.send(JSON.stringify({ event: "start", token: ticket.token, sampleRate: RATE }));
          socket.onmessage = (event) => {
            if (typeof event.data === "string") onMessage(JSON.parse(event.data));
            else player.port.postMessage(event.data, [event.data]);
          };
          socket.onclose = () => finish("Disconnected.");
          capture.port.onmessage = (event) => {
            if (call && call.id && socket.readyState === 1) socket.send(event.data);
          };
          stopButton.disabled = false;
        } catch (error) {
          fail(String(error.message || error));
          show("Not connected.");
          if (call) finish("Not connected.");
          startButton.disabled = false;
        }
      }

      startButton.addEventListener("click", start);
      stopButton.addEventListener("click", () => {
        if (call && call.socket.readyState === 1) call.socket.send(JSON.stringify({ event: "stop" }));
        else finish("Hung up.");
      });
    })();
    """#

    /// Audio worklets: `parley-capture` turns microphone audio into 20 ms PCM16 frames (320
    /// samples at 16 kHz) for the socket; `parley-player` plays the agent's PCM16 frames from
    /// a queue that `clear` empties (a barge-in stops the agent at once).
    static let worklet = #"""
    "use strict";
    const FRAME = 320;

    class ParleyCapture extends AudioWorkletProcessor {
      constructor() {
        super();
        this.frame = new Int16Array(FRAME);
        this.filled = 0;
      }
      process(inputs) {
        const channel = inputs[0] && inputs[0][0];
        if (channel) {
          for (let i = 0; i < channel.length; i++) {
            const s = Math.max(-1, Math.min(1, channel[i]));
            this.frame[this.filled++] = s < 0 ? s * 0x8000 : s * 0x7fff;
            if (this.filled === FRAME) {
              this.port.postMessage(this.frame.buffer, [this.frame.buffer]);
              this.frame = new Int16Array(FRAME);
              this.filled = 0;
            }
          }
        }
        return true;
      }
    }

    class ParleyPlayer extends AudioWorkletProcessor {
      constructor() {
        super();
        this.queue = [];
        this.offset = 0;
        this.port.onmessage = (event) => {
          if (event.data === "clear") { this.queue = []; this.offset = 0; }
          else this.queue.push(new Int16Array(event.data));
        };
      }
      process(inputs, outputs) {
        const out = outputs[0][0];
        let i = 0;
        while (i < out.length && this.queue.length > 0) {
          const head = this.queue[0];
          while (i < out.length && this.offset < head.length) out[i++] = head[this.offset++] / 32768;
          if (this.offset >= head.length) { this.queue.shift(); this.offset = 0; }
        }
        for (; i < out.length; i++) out[i] = 0;
        return true;
      }
    }

    registerProcessor("parley-capture", ParleyCapture);
    registerProcessor("parley-player", ParleyPlayer);
    """#
}
