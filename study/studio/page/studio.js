// sibsim studio page: state, levers, HTTP, progressive what-if runs, drawing the charts of base vs variant
// (the KPI table, and vega.View objects of the specifications that studio_charts.js builds), words and buttons.
// Plain ES2017, no build step. Inlined after studio_charts.js, whose builders and number formatting it takes
// from window.sibsimStudioCharts. Talks to the server only through the API in ../README.md.
// Generic over the model: every model word comes from the server's JSON, every UI word from `text`.
// Vega compiles its expressions with the Function constructor, so the page's Content-Security-Policy
// needs 'unsafe-eval' in script-src (as the HTML reports' CSP has), unless the inlined Vega exposes
// vega.expressionInterpreter (Debian's vega-interpreter.min.js): then the charts use it and need no eval.
(function () {
  'use strict';

  var body = document.body;

  // --- status for people and for tests ------------------------------------------------------------
  var errorCount = 0;
  function countError() {
    errorCount += 1;
    body.setAttribute('data-errors', String(errorCount));
  }
  window.addEventListener('error', countError);
  window.addEventListener('unhandledrejection', countError);
  function setState(s) { body.setAttribute('data-state', s); }

  // --- the page's address: ?token= and #lang=..&key=value ------------------------------------------
  var query = new URLSearchParams(location.search);
  var token = query.get('token') || '';
  var clientId = 'c-' + Math.random().toString(16).slice(2, 10);

  function readHash() {
    var out = {};
    var h = location.hash.replace(/^#/, '');
    if (!h) return out;
    h.split('&').forEach(function (part) {
      if (!part) return;
      var i = part.indexOf('=');
      var k = i < 0 ? part : part.slice(0, i), v = i < 0 ? '' : part.slice(i + 1);
      try {
        out[decodeURIComponent(k.replace(/\+/g, ' '))] = decodeURIComponent(v.replace(/\+/g, ' '));
      } catch (e) { /* a broken escape: ignore that part */ }
    });
    return out;
  }

  // --- state ----------------------------------------------------------------------------------------
  var fragment = readHash();
  var lang = fragment.lang || query.get('lang') || 'en';
  var scenario = null;       // GET /api/scenario
  var text = {};             // UI words in `lang`
  var inputs = {};           // lever key -> input element
  var lastAnswer = null;     // last rendered /api/run answer
  var runController = null;  // AbortController of the running /api/run
  var runGeneration = 0;     // newest run sequence
  var renderGeneration = 0;  // newest render
  var views = [];            // Vega views of the last render
  var debounceTimer = null;
  var statusKind = null;     // what the status line shows, to re-word it after a language switch

  function t(key, params) {
    var s = Object.prototype.hasOwnProperty.call(text, key) ? String(text[key]) : key;
    if (params) {
      s = s.replace(/\{(\w+)\}/g, function (m, name) { return name in params ? String(params[name]) : m; });
    }
    return s;
  }
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v == null || v === false) return;
        if (k === 'text') e.textContent = v;
        else if (k === 'className') e.className = v;
        else e.setAttribute(k, v === true ? '' : String(v));
      });
    }
    (children || []).forEach(function (c) { if (c != null) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  function byId(id) { return document.getElementById(id); }
  function leverId(key) { return 'lever-' + String(key).replace(/[.\[\]]/g, '-'); }

  // --- HTTP -----------------------------------------------------------------------------------------
  function HttpError(status, data) {
    this.status = status;
    this.data = data || {};
    this.message = (data && data.error) || ('HTTP ' + status);
  }
  function api(path, payload, signal, raw) {
    var init = {method: payload === undefined ? 'GET' : 'POST', headers: {}, cache: 'no-store', signal: signal};
    if (token) init.headers['X-Sibsim-Token'] = token;
    if (payload !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(payload);
    }
    return fetch(path, init).then(function (r) {
      if (r.ok) return raw ? r : r.json();
      return r.text().then(function (s) {
        var data = null;
        try { data = JSON.parse(s); } catch (e) { data = {error: s.slice(0, 300) || r.statusText}; }
        throw new HttpError(r.status, data);
      });
    });
  }
  function isAbort(e) { return e && (e.name === 'AbortError'); }
  function isSuperseded(e) { return e instanceof HttpError && e.status === 409; }

  // --- charts and number formatting: studio_charts.js -----------------------------------------------
  var charts = window.sibsimStudioCharts;
  charts.init({
    t: t,
    lang: function () { return lang; },
    text: function () { return text; },
    levers: function () { return scenario ? scenario.levers : []; },
    kpiLabel: kpiLabel,
    seriesLabel: seriesLabel
  });
  var isFraction = charts.isFraction, finite = charts.finite, fmtNum = charts.fmtNum, fmtLevel = charts.fmtLevel,
      fmtDiff = charts.fmtDiff, unitLabel = charts.unitLabel;

  // --- levers ---------------------------------------------------------------------------------------
  function leverValue(lever) {
    var input = inputs[lever.key];
    if (!input) return lever.value;
    if (lever.kind === 'bool' && input.type === 'checkbox') return input.checked ? 'true' : 'false';
    return input.value;
  }
  function sameValue(lever, a, b) {
    if (a === b) return true;
    if ((lever.kind === 'number' || lever.kind === 'integer') && a !== '' && b !== '' && a != null && b != null) {
      return Number(a) === Number(b);
    }
    return false;
  }
  function setLeverValue(lever, v) {
    var input = inputs[lever.key];
    if (!input) return;
    if (lever.kind === 'bool' && input.type === 'checkbox') input.checked = (v === 'true' || v === '1' || v === 'yes');
    else input.value = v;
    if (input.sibsimRefresh) input.sibsimRefresh();
  }
  function movedLevers() {
    var out = {};
    (scenario ? scenario.levers : []).forEach(function (l) {
      var v = leverValue(l);
      if (!sameValue(l, v, l.value)) out[l.key] = v;
    });
    return out;
  }
  function displayValue(lever, v) {
    if (v === '' || v == null) return t('not_set');
    if (lever.kind === 'bool') return v === 'true' ? t('yes') : t('no');
    if (isFraction(lever.unit) && v !== '' && isFinite(Number(v))) return v + ' (' + fmtNum(Number(v) * 100, 0) + ' %)';
    return v + (lever.unit ? ' ' + unitLabel(lever.unit) : '');
  }

  function buildLevers() {
    var form = byId('lever-form');
    var keep = {};
    Object.keys(inputs).forEach(function (k) {
      var l = scenario.levers.filter(function (x) { return x.key === k; })[0];
      if (l) keep[k] = leverValue(l);
    });
    form.textContent = '';
    inputs = {};
    var groups = [], byLabel = {};
    scenario.levers.forEach(function (l) {
      var g = l.group_label || l.group || '';
      if (!byLabel[g]) { byLabel[g] = []; groups.push(g); }
      byLabel[g].push(l);
    });
    groups.forEach(function (g) {
      var fs = el('fieldset', null, [g ? el('legend', {text: g}) : null]);
      byLabel[g].forEach(function (l) { fs.appendChild(buildLever(l)); });
      form.appendChild(fs);
    });
    Object.keys(keep).forEach(function (k) {
      var l = scenario.levers.filter(function (x) { return x.key === k; })[0];
      setLeverValue(l, keep[k]);
    });
  }

  function buildLever(l) {
    var id = leverId(l.key);
    var input;
    if (l.kind === 'bool' && !l.optional) {
      input = el('input', {type: 'checkbox', id: id, name: l.key});
      input.checked = l.value === 'true';
    } else if (l.kind === 'bool') {
      input = el('select', {id: id, name: l.key}, [
        el('option', {value: '', text: t('not_set')}), el('option', {value: 'true', text: t('yes')}),
        el('option', {value: 'false', text: t('no')})]);
      input.value = l.value;
    } else if (l.kind === 'date') {
      input = el('input', {type: 'date', id: id, name: l.key, min: l.min, max: l.max, required: !l.optional});
      input.value = l.value;
    } else {
      input = el('input', {type: 'number', id: id, name: l.key, min: l.min, max: l.max, inputmode: 'decimal',
                           step: l.step != null ? l.step : (l.kind === 'integer' ? 1 : 'any'), required: !l.optional});
      input.value = l.value;
    }
    input.setAttribute('data-key', l.key);
    input.setAttribute('aria-describedby', id + '-base ' + id + '-error');
    inputs[l.key] = input;
    var reset = el('button', {type: 'button', className: 'reset secondary', title: t('reset_title'), text: t('reset')});
    reset.addEventListener('click', function () {
      setLeverValue(l, l.value);
      leverChanged(true);
    });
    input.addEventListener('input', function () { leverChanged(false); });
    input.addEventListener('change', function () { leverChanged(true); });
    var unit = l.unit ? el('span', {className: 'unit', text: unitLabel(l.unit)}) : null;
    if (isFraction(l.unit)) {
      // a share typed as 0.40 reads as 40 %
      var showPercent = function () {
        var v = input.value;
        unit.textContent = v !== '' && isFinite(Number(v)) ? '= ' + fmtNum(Number(v) * 100, 0) + ' %' : '';
      };
      showPercent();
      input.sibsimRefresh = showPercent;
      input.addEventListener('input', showPercent);
    }
    var wrap = el('div', {className: 'lever', 'data-lever': l.key}, [
      el('label', {'for': id, text: l.label || l.key}),
      el('div', {className: 'row'}, [input, unit, reset]),
      el('div', {className: 'base', id: id + '-base', text: t('base_value', {value: displayValue(l, l.value)})}),
      l.help ? el('p', {className: 'help', text: l.help}) : null,
      el('p', {className: 'lever-error', id: id + '-error', role: 'alert', hidden: true})
    ]);
    return wrap;
  }

  function markMoved() {
    var moved = movedLevers();
    scenario.levers.forEach(function (l) {
      var input = inputs[l.key];
      var wrap = input && input.closest('.lever');
      if (wrap) wrap.classList.toggle('moved-lever', l.key in moved);
    });
    var n = Object.keys(moved).length;
    byId('moved').textContent = n ? t('moved_some', {n: n}) : t('moved_none');
  }

  function clearErrors() {
    Array.prototype.forEach.call(document.querySelectorAll('.lever.has-error'), function (w) { w.classList.remove('has-error'); });
    Array.prototype.forEach.call(document.querySelectorAll('.lever-error'), function (p) { p.hidden = true; p.textContent = ''; });
    var top = byId('top-error');
    top.hidden = true;
    top.textContent = '';
  }
  function showError(message, key) {
    var input = key != null ? inputs[key] : null;
    if (input) {
      var p = byId(input.id + '-error');
      p.textContent = t('error_lever', {message: message});
      p.hidden = false;
      input.closest('.lever').classList.add('has-error');
    }
    var top = byId('top-error');
    top.textContent = t('error_prefix') + ' ' + (input ? (leverLabel(key) + ': ') : '') + message;
    top.hidden = false;
  }
  function leverLabel(key) {
    var l = scenario && scenario.levers.filter(function (x) { return x.key === key; })[0];
    return l ? (l.label || l.key) : key;
  }

  function writeHash() {
    var parts = ['lang=' + encodeURIComponent(lang)];
    var moved = movedLevers();
    Object.keys(moved).forEach(function (k) { parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(moved[k])); });
    history.replaceState(null, '', location.pathname + location.search + '#' + parts.join('&'));
  }

  function leverChanged(now) {
    setState('running');
    markMoved();
    writeHash();
    if (debounceTimer) clearTimeout(debounceTimer);
    debounceTimer = setTimeout(function () { debounceTimer = null; run(); }, now ? 60 : 350);
  }

  // --- runs: a quick first answer, then the final one ------------------------------------------------
  function setStatus(kind, params) {
    statusKind = {kind: kind, params: params};
    byId('status').textContent = t(kind, params);
  }

  function run() {
    if (!scenario) return Promise.resolve();
    if (runController) runController.abort();
    var controller = new AbortController();
    runController = controller;
    var my = ++runGeneration;
    var levers = movedLevers();
    var reps = scenario.replications || {};
    var first = reps.first || 200, fin = reps.final || first;
    setState('running');
    setStatus('status_running');
    function current() { return my === runGeneration; }
    return api('/api/run?lang=' + encodeURIComponent(lang), {levers: levers, replications: first, client: clientId}, controller.signal)
      .then(function (a) {
        if (!current()) return null;
        clearErrors();
        var drawn = render(a);
        if (fin > first) setStatus('status_first', {first: a.replications, 'final': fin});
        else setStatus('status_final', {n: a.replications});
        if (fin <= first) return drawn.then(function () { return 'done'; });
        var second = api('/api/run?lang=' + encodeURIComponent(lang), {levers: levers, replications: fin, client: clientId}, controller.signal)
          .then(function (b) {
            if (!current()) return null;
            var d = render(b);
            setStatus('status_final', {n: b.replications});
            return d.then(function () { return 'done'; });
          });
        return Promise.all([drawn, second]).then(function (r) { return r[1]; });
      })
      .then(function (done) {
        if (done === 'done' && current()) {
          setState('ready');
          if (runController === controller) runController = null;
        }
      })
      .catch(function (e) {
        if (!current() || isAbort(e) || isSuperseded(e)) return;
        if (runController === controller) runController = null;
        if (e && e.shown) {
          // a chart could not be drawn: already shown by render()
        } else if (e instanceof HttpError && e.status === 400) {
          showError(e.message, e.data.key);
        } else if (e instanceof HttpError) {
          showError(e.message, null);
        } else {
          showError(t('error_server', {message: e && e.message ? e.message : String(e)}), null);
        }
        setStatus('error_prefix');
        byId('status').textContent = byId('top-error').textContent;
        setState('error');
      });
  }

  // --- rendering ------------------------------------------------------------------------------------
  function kpiMeta(name) {
    return scenario.kpis.filter(function (k) { return k.name === name; })[0] || null;
  }
  function seriesMeta(name) {
    return (scenario.series || []).filter(function (s) { return s.name === name; })[0] || null;
  }
  function kpiLabel(k) { var m = kpiMeta(k.name); return (m && m.label) || k.label || k.name; }
  function seriesLabel(s) { var m = seriesMeta(s.name); return (m && m.label) || s.label || s.name; }
  function groupsOf(k) { var m = kpiMeta(k.name); return (k.groups || (m && m.groups) || []); }

  function render(answer) {
    lastAnswer = answer;
    var gen = ++renderGeneration;
    views.forEach(function (v) { try { v.finalize(); } catch (e) { /* already gone */ } });
    views = [];
    var specs = [];  // [{container, spec}]

    var series = answer.series || [];
    // a) the first series with the marks
    var main = series[0];
    byId('sec-main').hidden = !main;
    if (main) {
      byId('main-title').textContent = t('fan_title', {series: seriesLabel(main)});
      var c = byId('chart-main');
      c.setAttribute('aria-label', t('fan_title', {series: seriesLabel(main)}));
      specs.push({container: c, spec: charts.fanSpec(main, answer.marks || {}, 320, true)});
    }
    // a2) the chance of reaching the target by date (none without a series or target lever)
    renderChance(answer, specs);
    // b) KPI table
    renderTable(answer);
    var relative = charts.relativeRows(tableKpis(answer));
    byId('relative-block').hidden = relative.length === 0;
    if (relative.length) specs.push({container: byId('chart-relative'), spec: charts.relativeSpec(relative)});
    // c) funnel waterfall
    var funnel = (answer.kpis || []).filter(function (k) { return groupsOf(k).indexOf('funnel_stage') >= 0; });
    byId('sec-funnel').hidden = funnel.length === 0;
    if (funnel.length) specs.push({container: byId('chart-funnel'), spec: charts.funnelSpec(funnel)});
    // d) other series
    var grid = byId('series-grid');
    grid.textContent = '';
    var others = series.slice(1);
    byId('sec-series').hidden = others.length === 0;
    others.forEach(function (s, i) {
      var c2 = el('div', {className: 'chart', id: 'chart-series-' + (i + 1), role: 'img', 'aria-label': seriesLabel(s)});
      grid.appendChild(el('div', {className: 'small-chart'}, [el('h3', {text: seriesLabel(s)}), c2]));
      specs.push({container: c2, spec: charts.fanSpec(s, null, 200, false)});
    });

    body.setAttribute('data-charts-expected', String(specs.length));
    body.setAttribute('data-charts-rendered', '0');
    body.setAttribute('data-replications', String(answer.replications));
    var rendered = 0;
    var jobs = specs.map(function (s) {
      s.container.textContent = '';
      try {
        var useInterpreter = !!vega.expressionInterpreter;
        var runtime = vega.parse(s.spec, null, useInterpreter ? {ast: true} : undefined);
        var opts = {renderer: 'svg', container: s.container, hover: true};
        if (useInterpreter) opts.expr = vega.expressionInterpreter;
        var view = new vega.View(runtime, opts);
        views.push(view);
        return view.runAsync().then(function () {
          if (gen !== renderGeneration) return;
          rendered += 1;
          body.setAttribute('data-charts-rendered', String(rendered));
        });
      } catch (e) {
        return Promise.reject(e);
      }
    });
    return Promise.all(jobs).catch(function (e) {
      if (gen !== renderGeneration) return;
      showError(t('error_charts', {message: e && e.message ? e.message : String(e)}), null);
      throw {shown: true, error: e};
    });
  }

  // The chance chart's block: its subtitle (the target, per side where they differ), the last chance of each
  // side as data-last-base / data-last-variant on #chart-chance (for tests), and its spec into `specs`.
  function renderChance(answer, specs) {
    var tc = answer.target_chance;
    var c = byId('chart-chance');
    var show = !!(tc && tc.dates && tc.dates.length && (tc.base || tc.variant));
    byId('chance-block').hidden = !show;
    if (!show) {
      c.textContent = '';
      c.removeAttribute('data-last-base');
      c.removeAttribute('data-last-variant');
      return;
    }
    var s = (answer.series || []).filter(function (x) { return x.name === tc.series; })[0];
    var unit = s ? unitLabel(s.unit || (seriesMeta(s.name) || {}).unit || '') : '';
    var target = tc.target || {};
    function num(v) {
      if (!finite(v)) return t('not_defined');
      return (Number.isInteger(v) ? fmtNum(v, 0) : fmtLevel(v, '')) + (unit ? ' ' + unit : '');
    }
    var sub;
    if (finite(target.base) && finite(target.variant) && target.base !== target.variant) {
      sub = t('chance_targets', {base: num(target.base), variant: num(target.variant)});
    } else {
      sub = t('chance_target', {target: num(finite(target.base) ? target.base : target.variant)});
    }
    if (s) sub = seriesLabel(s) + ' · ' + sub;
    byId('chance-target').textContent = sub;
    var lastBase = charts.lastChance(tc, 'base'), lastVariant = charts.lastChance(tc, 'variant');
    c.setAttribute('data-last-base', lastBase == null ? '' : String(lastBase));
    c.setAttribute('data-last-variant', lastVariant == null ? '' : String(lastVariant));
    c.setAttribute('aria-label', t('chance_title') + ' (' + sub + ')');
    specs.push({container: c, spec: charts.chanceSpec(tc, answer.marks || {}, 240)});
  }

  function renderTable(answer) {
    var rows = tableKpis(answer);
    byId('sec-kpis').hidden = rows.length === 0;
    var tb = byId('kpi-body');
    tb.textContent = '';
    rows.forEach(function (k) {
      var unit = k.unit || (kpiMeta(k.name) || {}).unit || '';
      var d = fmtDiff(k.difference, unit);
      var mean = k.difference ? k.difference.mean : null;
      var cls = 'num diff';
      if (k.difference && finite(k.difference.ci_low) && finite(k.difference.ci_high)) {
        if (k.difference.ci_low > 0) cls += ' pos';
        else if (k.difference.ci_high < 0) cls += ' neg';
      }
      var ul = unitLabel(unit);
      var headline = groupsOf(k).indexOf('headline') >= 0;
      tb.appendChild(el('tr', {className: headline ? 'headline' : 'steering'}, [
        el('th', {scope: 'row'}, [kpiLabel(k), ul ? el('span', {className: 'unit', text: ' (' + ul + ')'}) : null]),
        el('td', {className: 'num', text: fmtLevel(k.base && k.base.mean, unit)}),
        el('td', {className: 'num', text: fmtLevel(k.variant && k.variant.mean, unit)}),
        el('td', {className: cls, id: 'diff-' + k.name, 'data-value': finite(mean) ? mean : ''},
           [d.main, d.ci ? ' ' : null, d.ci ? el('span', {className: 'dim', text: d.ci}) : null]),
        el('td', {className: 'bar-col'}, [charts.ciBar(k.difference)])
      ]));
    });
  }

  // The KPIs of the table and of the relative chart: the headline and steering ones.
  function tableKpis(answer) {
    var rows = (answer.kpis || []).filter(function (k) {
      var g = groupsOf(k);
      return g.indexOf('headline') >= 0 || g.indexOf('steering') >= 0;
    });
    // headline first, then steering, each in catalogue order
    rows.sort(function (a, b) {
      return (groupsOf(a).indexOf('headline') >= 0 ? 0 : 1) - (groupsOf(b).indexOf('headline') >= 0 ? 0 : 1);
    });
    return rows;
  }

  // --- words ----------------------------------------------------------------------------------------
  function applyTexts() {
    document.documentElement.setAttribute('lang', lang);
    Array.prototype.forEach.call(document.querySelectorAll('[data-text]'), function (e) {
      e.textContent = t(e.getAttribute('data-text'));
    });
    document.title = (scenario && scenario.name ? scenario.name + ' – ' : '') + t('page_title');
    if (scenario) {
      byId('title').textContent = scenario.name || t('page_title');
      byId('description').textContent = scenario.description || '';
      byId('fact-file').textContent = scenario.file || '';
      byId('fact-model').textContent = scenario.model || '';
      byId('fact-seed').textContent = scenario.seed != null ? String(scenario.seed) : '';
      var sel = byId('lang-select');
      sel.textContent = '';
      (scenario.languages || [lang]).forEach(function (l) {
        sel.appendChild(el('option', {value: l, text: t('lang_' + l) !== 'lang_' + l ? t('lang_' + l) : l}));
      });
      sel.value = lang;
    }
    if (statusKind) byId('status').textContent = t(statusKind.kind, statusKind.params);
  }

  function loadScenario(newLang) {
    return api('/api/scenario?lang=' + encodeURIComponent(newLang)).then(function (s) {
      scenario = s;
      lang = s.lang || newLang;
      text = s.text || {};
      applyTexts();
      buildLevers();
      markMoved();
    });
  }

  function switchLanguage(newLang) {
    return loadScenario(newLang).then(function () {
      writeHash();
      if (lastAnswer) {
        var st = body.getAttribute('data-state');
        var drawn = render(lastAnswer);
        drawn.then(function () { if (st === 'ready' && body.getAttribute('data-state') === 'ready') setState('ready'); },
                   function () { setState('error'); });
      }
    }).catch(function (e) {
      showError(t('error_server', {message: e.message || String(e)}), null);
    });
  }

  // --- buttons --------------------------------------------------------------------------------------
  function notice(children) {
    var n = byId('notice');
    n.textContent = '';
    children.forEach(function (c) { n.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    n.hidden = false;
  }

  function setupButtons() {
    byId('lang-select').addEventListener('change', function (e) { switchLanguage(e.target.value); });
    byId('btn-reset-all').addEventListener('click', function () {
      scenario.levers.forEach(function (l) { setLeverValue(l, l.value); });
      leverChanged(true);
    });

    var dialog = byId('save-dialog');
    byId('btn-save').addEventListener('click', function () {
      byId('save-result').textContent = '';
      byId('save-result').className = 'save-result';
      if (typeof dialog.showModal === 'function') dialog.showModal(); else dialog.setAttribute('open', '');
      byId('save-name').focus();
    });
    byId('save-cancel').addEventListener('click', function () {
      if (typeof dialog.close === 'function') dialog.close(); else dialog.removeAttribute('open');
    });
    byId('save-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var result = byId('save-result');
      result.className = 'save-result';
      result.textContent = t('save_busy');
      api('/api/save', {levers: movedLevers(), name: byId('save-name').value.trim(),
                        author: byId('save-author').value, note: byId('save-note').value})
        .then(function (r) {
          result.textContent = t('save_done', {file: r.file});
          notice([t('save_done', {file: r.file})]);
        }, function (err) {
          result.className = 'save-result bad';
          result.textContent = t('save_failed', {message: err.message || String(err)});
        });
    });

    byId('btn-report').addEventListener('click', function () {
      var button = byId('btn-report');
      var reps = (scenario.replications && scenario.replications['final']) || 1000;
      button.disabled = true;
      notice([t('report_busy', {n: reps})]);
      api('/api/report?lang=' + encodeURIComponent(lang), {levers: movedLevers(), replications: reps}, undefined, true)
        .then(function (r) {
          var cd = r.headers.get('Content-Disposition') || '';
          var m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(cd);
          var name = m ? decodeURIComponent(m[1]) : ((scenario.name || 'sibsim') + '-studio-report.html');
          return r.blob().then(function (b) {
            var url = URL.createObjectURL(new Blob([b], {type: 'text/html'}));
            var a = el('a', {href: url, download: name});
            document.body.appendChild(a);
            a.click();
            a.remove();
            setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
            notice([t('report_done', {file: name})]);
          });
        })
        .catch(function (err) { notice([t('report_failed', {message: err.message || String(err)})]); })
        .then(function () { button.disabled = false; });
    });

    byId('btn-link').addEventListener('click', function () {
      writeHash();
      var link = location.href;
      function manual() {
        var input = el('input', {type: 'text', readonly: true, value: link});
        notice([t('link_manual'), input]);
        input.focus();
        input.select();
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(link).then(function () { notice([t('link_copied')]); }, manual);
      } else {
        manual();
      }
    });
  }

  // --- start ----------------------------------------------------------------------------------------
  function start() {
    setState('loading');
    setupButtons();
    loadScenario(lang).then(function () {
      fragment = readHash();
      scenario.levers.forEach(function (l) {
        if (Object.prototype.hasOwnProperty.call(fragment, l.key)) setLeverValue(l, fragment[l.key]);
      });
      markMoved();
      writeHash();
      return run();
    }).catch(function (e) {
      var top = byId('top-error');
      top.textContent = (text.error_prefix || 'Error:') + ' ' + (e && e.message ? e.message : String(e));
      top.hidden = false;
      setState('error');
    });
  }
  start();
})();
