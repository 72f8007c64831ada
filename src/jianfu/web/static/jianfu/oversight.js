/*
 * The report form's proof of work and the receipt's copy button (measure 20). Loaded with <script src defer>;
 * no inline script (CSP script-src 'self'), no outside service.
 *
 * 1. form[data-pow-url]: fetches an ALTCHA challenge (SHA-256 protocol) from that URL, finds the number n with
 *    SHA-256(salt + n) = challenge in small slices so the page stays responsive, and puts the solution (base64
 *    JSON, as the ALTCHA widget sends it) into the form's [data-pow-field]. A submission waits for the solution,
 *    and fetches a fresh challenge when the one it has is about to expire (someone typed for a long time).
 * 2. [data-copy="#id"]: copies that element's text to the clipboard.
 *
 * Written in ES5, with its own SHA-256, so that older phone browsers and plain-HTTP intranet deployments (where
 * crypto.subtle is missing) work too.
 */
(function () {
  "use strict";

  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
    0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
    0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
    0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2
  ];
  var W = new Array(64);

  function rotr(x, n) {
    return (x >>> n) | (x << (32 - n));
  }

  // SHA-256 of an ASCII string (the challenge's salt and a number), as lower-case hex.
  function sha256Hex(text) {
    var bytes = [];
    var i;
    for (i = 0; i < text.length; i++) bytes.push(text.charCodeAt(i) & 0xff);
    var bits = bytes.length * 8;
    bytes.push(0x80);
    while (bytes.length % 64 !== 56) bytes.push(0);
    bytes.push(0, 0, 0, 0, (bits >>> 24) & 0xff, (bits >>> 16) & 0xff, (bits >>> 8) & 0xff, bits & 0xff);
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    for (var offset = 0; offset < bytes.length; offset += 64) {
      for (i = 0; i < 16; i++) {
        var at = offset + 4 * i;
        W[i] = (bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];
      }
      for (i = 16; i < 64; i++) {
        var x = W[i - 15];
        var y = W[i - 2];
        var s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
        var s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
        W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
      for (i = 0; i < 64; i++) {
        var t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
        var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        k = g;
        g = f;
        f = e;
        e = (d + t1) | 0;
        d = c;
        c = b;
        b = a;
        a = (t1 + t2) | 0;
      }
      h[0] = (h[0] + a) | 0;
      h[1] = (h[1] + b) | 0;
      h[2] = (h[2] + c) | 0;
      h[3] = (h[3] + d) | 0;
      h[4] = (h[4] + e) | 0;
      h[5] = (h[5] + f) | 0;
      h[6] = (h[6] + g) | 0;
      h[7] = (h[7] + k) | 0;
    }
    var out = "";
    for (i = 0; i < 8; i++) out += ("00000000" + (h[i] >>> 0).toString(16)).slice(-8);
    return out;
  }

  function expiresAt(salt) {
    var match = /[?&]expires=(\d+)/.exec(salt);
    return match ? parseInt(match[1], 10) * 1000 : Infinity;
  }

  function fetchChallenge(url, done, fail) {
    var request = new XMLHttpRequest();
    request.open("GET", url, true);
    request.setRequestHeader("Accept", "application/json");
    request.onload = function () {
      if (request.status !== 200) return fail();
      try {
        done(JSON.parse(request.responseText));
      } catch (e) {
        fail();
      }
    };
    request.onerror = fail;
    request.send();
  }

  // Look for the number in slices of SLICE hashes, yielding to the page between them.
  var SLICE = 4000;

  function solve(challenge, done, fail) {
    var n = 0;
    var prefix = challenge.salt;
    function slice() {
      var stop = Math.min(n + SLICE, challenge.maxNumber + 1);
      for (; n < stop; n++) {
        if (sha256Hex(prefix + n) === challenge.challenge) return done(n);
      }
      if (n > challenge.maxNumber) return fail();
      setTimeout(slice, 0);
    }
    slice();
  }

  function setUpProofOfWork(form) {
    var url = form.getAttribute("data-pow-url");
    var field = form.querySelector("[data-pow-field]");
    var status = form.querySelector("[data-pow-status]");
    var state = { solved: false, working: false, expires: 0, waiting: false };

    function say(text) {
      if (status) status.textContent = text;
    }

    function run() {
      if (state.working) return;
      state.working = true;
      state.solved = false;
      field.value = "";
      say("正在进行防自动提交校验……");
      fetchChallenge(
        url,
        function (challenge) {
          solve(
            challenge,
            function (number) {
              field.value = window.btoa(
                JSON.stringify({
                  algorithm: challenge.algorithm,
                  challenge: challenge.challenge,
                  number: number,
                  salt: challenge.salt,
                  signature: challenge.signature
                })
              );
              state.solved = true;
              state.working = false;
              state.expires = expiresAt(challenge.salt);
              form.setAttribute("data-pow-ready", "1");
              say("校验已完成，可以提交。");
              if (state.waiting) {
                state.waiting = false;
                submit();
              }
            },
            function () {
              state.working = false;
              say("校验未完成，请刷新页面后重试。");
            }
          );
        },
        function () {
          state.working = false;
          state.waiting = false;
          say("暂时无法取得校验题，请检查网络后重试。");
        }
      );
    }

    function submit() {
      if (form.requestSubmit) form.requestSubmit();
      else form.submit();
    }

    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) return;
      var fresh = state.solved && state.expires - Date.now() > 60 * 1000;
      if (fresh) return;
      event.preventDefault();
      state.waiting = true;
      if (state.solved) state.solved = false; // about to expire: a new challenge
      run();
    });
    run();
  }

  function setUpCopy(button) {
    button.addEventListener("click", function () {
      var target = document.querySelector(button.getAttribute("data-copy"));
      var note = button.parentNode.querySelector("[data-copy-status]");
      if (!target) return;
      var text = target.textContent.trim();
      function copied() {
        if (note) note.textContent = "已复制";
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(copied, function () {
          fallback(target, copied);
        });
      } else {
        fallback(target, copied);
      }
    });
  }

  function fallback(target, copied) {
    var range = document.createRange();
    range.selectNodeContents(target);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    try {
      if (document.execCommand("copy")) copied();
    } catch (e) {
      /* the code stays selected: the reader copies it by hand */
    }
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-pow-url]"), setUpProofOfWork);
    Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), setUpCopy);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
