// The class page's script: builds the inputs of the chosen plan from the embedded JSON,
// keeps the download link in step with them, posts a run (with this tab's id, so that a
// new run replaces this tab's earlier one), polls its progress, and shows its result and
// its key numbers beside the previous run's. It talks to the server that sent the page
// and to nothing else.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("plans").textContent);
  var byId = {};
  data.plans.forEach(function (plan) { byId[plan.id] = plan; });

  function $(id) { return document.getElementById(id); }

  // One id per tab, kept across reloads of the tab.
  var tab = (function () {
    var made = Array.prototype.map.call(crypto.getRandomValues(new Uint8Array(12)), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
    try {
      var kept = sessionStorage.getItem("downline-tab");
      if (kept && /^[0-9a-f]{24}$/.test(kept)) { return kept; }
      sessionStorage.setItem("downline-tab", made);
    } catch (e) { /* storage refused: one id for this page */ }
    return made;
  })();

  var current = null;   // the job this tab waits for
  var results = [];     // the last two results: { settings, facts }
  var shown = 0;        // results shown since the page loaded

  function plan() { return byId[$("plan").value]; }

  // The plan picker and the runs.
  data.plans.forEach(function (p) {
    var option = document.createElement("option");
    option.value = p.id;
    option.textContent = p.label;
    $("plan").appendChild(option);
  });
  $("plan").value = data.selected;
  data.runs.forEach(function (n) {
    var option = document.createElement("option");
    option.value = String(n);
    option.textContent = String(n);
    $("runs").appendChild(option);
  });
  $("runs").value = String(data.default_runs);

  // The inputs of the chosen plan: a slider and a number box for each.
  function buildControls() {
    var p = plan();
    var box = $("controls");
    box.textContent = "";
    $("plan-hint").textContent = "Plan \u201c" + p.plan + "\u201d, seed " + p.seed +
      " (the file's; the same seed gives the same numbers).";
    $("runs-hint").textContent = "More runs: steadier numbers, a longer wait.";
    p.controls.forEach(function (c) {
      var div = document.createElement("div");
      div.className = "control" + (c.available ? "" : " unavailable");
      div.dataset.name = c.name;
      var label = document.createElement("label");
      label.htmlFor = "c-" + c.name;
      label.textContent = c.label;
      var inputs = document.createElement("div");
      inputs.className = "inputs";
      var range = document.createElement("input");
      range.type = "range";
      range.id = "c-" + c.name + "-range";
      range.setAttribute("aria-label", c.label + " (slider)");
      var number = document.createElement("input");
      number.type = "number";
      number.id = "c-" + c.name;
      number.name = c.name;
      [range, number].forEach(function (input) {
        input.min = String(c.min);
        input.max = String(c.max);
        input.value = String(c.value);
        input.disabled = !c.available;
      });
      // The slider moves in steps; the box takes any number (the server checks it).
      range.step = String(c.step);
      number.step = "any";
      range.value = String(c.value);
      range.addEventListener("input", function () { number.value = range.value; changed(); });
      number.addEventListener("input", function () {
        if (number.value !== "") { range.value = number.value; }
        changed();
      });
      inputs.appendChild(range);
      inputs.appendChild(number);
      var hint = document.createElement("p");
      hint.className = "hint";
      hint.textContent = c.note;
      div.appendChild(label);
      div.appendChild(inputs);
      div.appendChild(hint);
      box.appendChild(div);
    });
    changed();
  }

  // The settings as the page shows them: { name: text }, for the available inputs.
  function settingsText() {
    var out = {};
    plan().controls.forEach(function (c) {
      if (c.available) { out[c.name] = $("c-" + c.name).value.trim(); }
    });
    return out;
  }

  function downloadUrl() {
    var q = new URLSearchParams();
    q.set("plan", $("plan").value);
    q.set("runs", $("runs").value);
    var s = settingsText();
    Object.keys(s).forEach(function (name) { q.set(name, s[name]); });
    return "/download?" + q.toString();
  }

  function changed() { $("download").href = downloadUrl(); }

  function showError(message) {
    $("error").textContent = message;
    $("error").hidden = false;
  }

  function hideError() { $("error").hidden = true; }

  function showProgress(done, total, text) {
    $("progress-box").hidden = false;
    $("progress").max = Math.max(total, 1);
    $("progress").value = done;
    $("progress-text").textContent = text ||
      ("Running: " + done + " of " + total + " runs (" + Math.floor(100 * done / Math.max(total, 1)) + " %)");
  }

  function busy(on) {
    $("run").disabled = on;
    $("run").textContent = on ? "Running\u2026" : "Run";
  }

  function json(response) {
    return response.json().then(function (body) {
      return { ok: response.ok, status: response.status, body: body };
    }, function () {
      return { ok: false, status: response.status, body: { error: "The server answered " + response.status + "." } };
    });
  }

  // A run: post the settings, then follow the job.
  $("settings-form").addEventListener("submit", function (event) {
    event.preventDefault();
    hideError();
    var texts = settingsText();
    var settings = {};
    var bad = Object.keys(texts).filter(function (name) {
      var value = Number(texts[name]);
      settings[name] = value;
      return texts[name] === "" || !isFinite(value);
    });
    if (bad.length > 0) {
      var names = bad.map(function (name) { return $("c-" + name).labels[0].textContent; });
      showError("Enter a number for: " + names.join(", ") + ".");
      return;
    }
    var p = plan();
    var snapshot = [{ label: "Plan", text: p.label }, { label: "Runs", text: $("runs").value }];
    p.controls.forEach(function (c) {
      if (c.available) { snapshot.push({ label: c.label, text: texts[c.name] }); }
    });
    var body = { tab: tab, plan: p.id, runs: Number($("runs").value), settings: settings };
    busy(true);
    fetch("/run", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body)
    }).then(json).then(function (answer) {
      if (!answer.ok) {
        busy(false);
        $("progress-box").hidden = true;
        showError(answer.body.error || ("The server answered " + answer.status + "."));
        return;
      }
      current = answer.body.job;
      showProgress(0, answer.body.total);
      follow(answer.body.job, snapshot);
    }).catch(function (err) {
      busy(false);
      showError("The server did not answer (" + err.message + "). Is downline serve still running?");
    });
  });

  function follow(job, snapshot) {
    if (job !== current) { return; }
    fetch("/progress?job=" + job).then(json).then(function (answer) {
      if (job !== current) { return; }
      var p = answer.body;
      if (!answer.ok) {
        busy(false);
        showError(p.error || "The run was lost.");
      } else if (p.state === "running") {
        showProgress(p.done, p.total);
        setTimeout(function () { follow(job, snapshot); }, 250);
      } else if (p.state === "done") {
        showProgress(p.total, p.total, "Done: " + p.total + " runs in " + p.seconds.toFixed(1) + " s.");
        return fetch("/result?job=" + job).then(json).then(function (r) {
          if (job !== current) { return; }
          busy(false);
          if (!r.ok) { showError(r.body.error || "The result was lost."); return; }
          show(r.body, snapshot);
        });
      } else if (p.state === "failed") {
        busy(false);
        showError(p.error);
      } else {
        busy(false);
        showProgress(p.done, p.total, "Stopped: a newer run took its place.");
      }
    }).catch(function (err) {
      busy(false);
      showError("The server did not answer (" + err.message + "). Is downline serve still running?");
    });
  }

  function show(result, snapshot) {
    $("result").innerHTML = result.html;
    results.push({ settings: snapshot, facts: result.facts });
    if (results.length > 2) { results.shift(); }
    $("numbers").hidden = false;
    shown += 1;
    $("result").dataset.shown = String(shown);
    renderNumbers();
  }

  // The key numbers of this run, and of the previous one beside them when asked.
  function renderNumbers() {
    var now = results[results.length - 1];
    var before = results.length > 1 ? results[results.length - 2] : null;
    var toggle = $("compare-toggle");
    toggle.disabled = before === null;
    $("compare-hint").textContent = before === null ? "(run again with other settings first)" : "";
    var compare = toggle.checked && before !== null;
    var head = $("facts").tHead;
    var body = $("facts").tBodies[0];
    head.textContent = "";
    body.textContent = "";
    var row = head.insertRow();
    ["", compare ? "Previous run (A)" : null, compare ? "This run (B)" : "This run"].forEach(function (text) {
      if (text === null) { return; }
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = text;
      row.appendChild(th);
    });
    function line(label, cells, className) {
      var tr = body.insertRow();
      if (className) { tr.className = className; }
      var th = document.createElement("th");
      th.scope = "row";
      th.textContent = label;
      tr.appendChild(th);
      cells.forEach(function (cell) { tr.appendChild(cell); });
    }
    function settingCell(run, label) {
      var td = document.createElement("td");
      var found = run.settings.filter(function (s) { return s.label === label; })[0];
      td.textContent = found ? found.text : "\u2013";
      return td;
    }
    function factCell(fact, side) {
      var td = document.createElement("td");
      td.className = "n";
      td.textContent = fact.text;
      td.dataset.stat = fact.stat;
      td.dataset.field = fact.field;
      td.dataset.side = side;
      if (fact.value !== null) { td.dataset.value = String(fact.value); }
      return td;
    }
    var labels = now.settings.map(function (s) { return s.label; });
    if (compare) {
      before.settings.forEach(function (s) {
        if (labels.indexOf(s.label) < 0) { labels.push(s.label); }
      });
    }
    labels.forEach(function (label) {
      var cells = [settingCell(now, label)];
      if (compare) { cells.unshift(settingCell(before, label)); }
      line(label, cells, "setting");
    });
    now.facts.forEach(function (fact, i) {
      var cells = [factCell(fact, compare ? "b" : "now")];
      if (compare) { cells.unshift(factCell(before.facts[i], "a")); }
      line(fact.label, cells, null);
    });
  }

  $("compare-toggle").addEventListener("change", renderNumbers);
  $("plan").addEventListener("change", buildControls);
  $("runs").addEventListener("change", changed);
  buildControls();
})();
