// sibsim studio page: levers, progressive what-if runs and Vega charts of base vs variant.
// Plain ES2017, no build step. Talks to the server only through the API in ../README.md.
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

  var COLORS = {base: '#6b7b8c', variant: '#d4652f', pos: '#2e7d4f', neg: '#c8324a', ink: '#1b2a3a',
                muted: '#5b6770', line: '#b8c0c6'};
  var CHART_CONFIG = {
    font: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
    axis: {labelColor: '#44505a', titleColor: '#1b2a3a', tickColor: '#b8c0c6', domainColor: '#b8c0c6',
           gridColor: '#e8ecef', labelFontSize: 12, titleFontSize: 12, titleFontWeight: 600, titlePadding: 8},
    legend: {labelColor: '#44505a', labelFontSize: 12, symbolSize: 120},
    text: {fill: '#1b2a3a', fontSize: 12}
  };

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

  // --- number formatting ----------------------------------------------------------------------------
  function locale() { return lang === 'nl' ? 'nl-NL' : 'en-GB'; }
  function decimalsFor(values) {
    var m = 0;
    values.forEach(function (v) { if (v != null && isFinite(v)) m = Math.max(m, Math.abs(v)); });
    if (m === 0 || m >= 1000) return 0;
    if (m >= 10) return 1;
    if (m >= 1) return 2;
    return 3;
  }
  function isFraction(unit) { return unit === 'fraction'; }
  function fmtNum(v, decimals, signed) {
    if (v == null || !isFinite(v)) return t('not_defined');
    var s = new Intl.NumberFormat(locale(), {minimumFractionDigits: decimals, maximumFractionDigits: decimals}).format(v);
    if (signed && v > 0) s = '+' + s;
    if (v < 0) s = '−' + s.replace(/^-/, '');
    return s;
  }
  // A level (base or variant mean) in the KPI's unit.
  function fmtLevel(v, unit) {
    if (isFraction(unit)) return v == null || !isFinite(v) ? t('not_defined') : fmtNum(v * 100, 1) + ' %';
    return fmtNum(v, decimalsFor([v]));
  }
  // A difference with its CI: "+25.7 (23.9 to 27.5)".
  function fmtDiff(d, unit) {
    if (!d || d.mean == null || !isFinite(d.mean)) return {main: t('not_defined'), ci: ''};
    var scale = isFraction(unit) ? 100 : 1;
    var dec = isFraction(unit) ? 1 : decimalsFor([d.mean, d.ci_low, d.ci_high]);
    var suffix = isFraction(unit) ? ' ' + t('percentage_points') : '';
    var main = fmtNum(d.mean * scale, dec, true) + suffix;
    var ci = '';
    if (d.ci_low != null && d.ci_high != null && isFinite(d.ci_low) && isFinite(d.ci_high)) {
      ci = '(' + fmtNum(d.ci_low * scale, dec, false) + ' ' + t('ci_to') + ' ' + fmtNum(d.ci_high * scale, dec, false) + ')';
    }
    return {main: main, ci: ci};
  }
  function unitLabel(unit) {
    if (!unit || isFraction(unit)) return '';
    var k = 'unit_' + unit;
    return Object.prototype.hasOwnProperty.call(text, k) ? text[k] : unit;
  }

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

  function dateMs(s) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(s || ''));
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : null;
  }
  function isDateString(v) { return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v); }
  function finite(v) { return typeof v === 'number' && isFinite(v); }

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
      specs.push({container: c, spec: fanSpec(main, answer.marks || {}, 320, true)});
    }
    // b) KPI table
    renderTable(answer);
    var relative = relativeRows(answer);
    byId('relative-block').hidden = relative.length === 0;
    if (relative.length) specs.push({container: byId('chart-relative'), spec: relativeSpec(relative)});
    // c) funnel waterfall
    var funnel = (answer.kpis || []).filter(function (k) { return groupsOf(k).indexOf('funnel_stage') >= 0; });
    byId('sec-funnel').hidden = funnel.length === 0;
    if (funnel.length) specs.push({container: byId('chart-funnel'), spec: funnelSpec(funnel)});
    // d) other series
    var grid = byId('series-grid');
    grid.textContent = '';
    var others = series.slice(1);
    byId('sec-series').hidden = others.length === 0;
    others.forEach(function (s, i) {
      var c2 = el('div', {className: 'chart', id: 'chart-series-' + (i + 1), role: 'img', 'aria-label': seriesLabel(s)});
      grid.appendChild(el('div', {className: 'small-chart'}, [el('h3', {text: seriesLabel(s)}), c2]));
      specs.push({container: c2, spec: fanSpec(s, null, 200, false)});
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
        el('td', {className: 'bar-col'}, [ciBar(k.difference)])
      ]));
    });
  }

  // A small inline bar: the CI around zero, scaled per row.
  function ciBar(d) {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('class', 'cibar');
    svg.setAttribute('viewBox', '0 0 150 18');
    svg.setAttribute('aria-hidden', 'true');
    function add(tag, a) {
      var e = document.createElementNS(ns, tag);
      Object.keys(a).forEach(function (k) { e.setAttribute(k, String(a[k])); });
      svg.appendChild(e);
      return e;
    }
    add('line', {x1: 75, x2: 75, y1: 1, y2: 17, stroke: COLORS.line, 'stroke-width': 1});
    if (!d || !finite(d.mean)) return svg;
    var lo = finite(d.ci_low) ? d.ci_low : d.mean, hi = finite(d.ci_high) ? d.ci_high : d.mean;
    var m = Math.max(Math.abs(lo), Math.abs(hi), Math.abs(d.mean));
    if (!(m > 0)) { add('circle', {cx: 75, cy: 9, r: 3.5, fill: COLORS.ink}); return svg; }
    var x = function (v) { return 75 + v / (m * 1.1) * 70; };
    var color = lo > 0 ? COLORS.pos : (hi < 0 ? COLORS.neg : COLORS.muted);
    add('rect', {x: Math.min(x(lo), x(hi)), y: 6, width: Math.max(1.5, Math.abs(x(hi) - x(lo))), height: 6, fill: color, 'fill-opacity': 0.45});
    add('circle', {cx: x(d.mean), cy: 9, r: 3.5, fill: color});
    return svg;
  }

  function widthSignal() {
    return {name: 'width', init: 'max(containerSize()[0], 260)',
            on: [{events: {source: 'window', type: 'resize'}, update: 'max(containerSize()[0], 260)'}]};
  }

  // Fan chart of one series, base and variant overlaid; with `marks`, the target and deadline rules.
  function fanSpec(s, marks, height, withLegend) {
    var dates = (s.dates || []).map(dateMs);
    var data = [], marksList = [];
    var whoLabel = {base: t('base'), variant: t('variant')};
    ['base', 'variant'].forEach(function (who) {
      var q = s[who] || {};
      function pick(a, b) {
        var out = [];
        dates.forEach(function (x, i) {
          var lo = q[a] && q[a][i], hi = q[b] && q[b][i];
          if (x != null && finite(lo) && finite(hi)) out.push({x: x, lo: lo, hi: hi});
        });
        return out;
      }
      var mid = [];
      dates.forEach(function (x, i) {
        var v = q.p50 && q.p50[i];
        if (x != null && finite(v)) mid.push({x: x, y: v, who: whoLabel[who]});
      });
      data.push({name: who + '90', values: pick('p5', 'p95')}, {name: who + '50', values: pick('p25', 'p75')},
                {name: who + 'mid', values: mid});
      var col = COLORS[who];
      marksList.push(
        {type: 'area', from: {data: who + '90'}, interactive: false,
         encode: {update: {x: {scale: 'x', field: 'x'}, y: {scale: 'y', field: 'hi'}, y2: {scale: 'y', field: 'lo'},
                           fill: {value: col}, fillOpacity: {value: 0.16}}}},
        {type: 'area', from: {data: who + '50'}, interactive: false,
         encode: {update: {x: {scale: 'x', field: 'x'}, y: {scale: 'y', field: 'hi'}, y2: {scale: 'y', field: 'lo'},
                           fill: {value: col}, fillOpacity: {value: 0.3}}}});
    });
    ['base', 'variant'].forEach(function (who) {
      marksList.push({type: 'line', from: {data: who + 'mid'},
        encode: {update: {x: {scale: 'x', field: 'x'}, y: {scale: 'y', field: 'y'}, stroke: {value: COLORS[who]},
                          strokeWidth: {value: 2.5}, tooltip: {signal: "datum.who + ': ' + format(datum.y, ',.1f')"}}}});
    });
    // Marks: numbers are horizontal rules (targets), dates vertical rules (deadlines).
    var hrules = [], vrules = [];
    if (marks) {
      ['base', 'variant'].forEach(function (who) {
        var m = marks[who] || {};
        Object.keys(m).forEach(function (name) {
          var v = m[name];
          var label = markLabel(name);
          if (finite(v)) hrules.push({y: v, who: who, text: label + ' (' + whoLabel[who] + ')'});
          else if (isDateString(v)) vrules.push({x: dateMs(v), who: who, text: label + ' (' + whoLabel[who] + ')'});
        });
      });
      // one rule where base and variant agree
      hrules = dedupe(hrules, 'y');
      vrules = dedupe(vrules, 'x');
    }
    data.push({name: 'hrules', values: hrules}, {name: 'vrules', values: vrules});
    var ruleColor = {signal: "datum.who === 'variant' ? '" + COLORS.variant + "' : datum.who === 'both' ? '" + COLORS.ink + "' : '" + COLORS.base + "'"};
    marksList.push(
      {type: 'rule', from: {data: 'hrules'}, interactive: false,
       encode: {update: {x: {value: 0}, x2: {signal: 'width'}, y: {scale: 'y', field: 'y'}, stroke: ruleColor,
                         strokeWidth: {value: 1.5}, strokeDash: {value: [6, 4]}}}},
      {type: 'text', from: {data: 'hrules'}, interactive: false,
       encode: {update: {x: {value: 4}, y: {scale: 'y', field: 'y'}, dy: {value: -4}, text: {field: 'text'},
                         fill: ruleColor, fontSize: {value: 11}, baseline: {value: 'bottom'}}}},
      {type: 'rule', from: {data: 'vrules'}, interactive: false,
       encode: {update: {x: {scale: 'x', field: 'x'}, y: {value: 0}, y2: {signal: 'height'}, stroke: ruleColor,
                         strokeWidth: {value: 1.5}, strokeDash: {value: [2, 3]}}}},
      {type: 'text', from: {data: 'vrules'}, interactive: false,
       encode: {update: {x: {scale: 'x', field: 'x'}, dx: {value: -4}, y: {value: 4}, angle: {value: -90},
                         text: {field: 'text'}, fill: ruleColor, fontSize: {value: 11}, align: {value: 'right'},
                         baseline: {value: 'bottom'}}}});
    var xFields = [];
    ['base', 'variant'].forEach(function (who) { xFields.push({data: who + 'mid', field: 'x'}, {data: who + '90', field: 'x'}); });
    xFields.push({data: 'vrules', field: 'x'});
    var yFields = [];
    ['base', 'variant'].forEach(function (who) {
      yFields.push({data: who + '90', field: 'lo'}, {data: who + '90', field: 'hi'}, {data: who + 'mid', field: 'y'});
    });
    yFields.push({data: 'hrules', field: 'y'});
    var anyX = dates.some(function (x) { return x != null; }) || vrules.length > 0;
    var anyY = data.some(function (d) { return d.name !== 'vrules' && d.values.length > 0; });
    var spec = {
      $schema: 'https://vega.github.io/schema/vega/v5.json',
      description: seriesLabel(s),
      autosize: {type: 'fit-x', contains: 'padding'},
      height: height,
      padding: {left: 4, right: 12, top: 8, bottom: 4},
      config: CHART_CONFIG,
      signals: [widthSignal()],
      data: data,
      scales: [
        {name: 'x', type: 'utc', range: 'width', domain: anyX ? {fields: xFields} : [0, 1]},
        {name: 'y', type: 'linear', range: 'height', nice: true, zero: true, domain: anyY ? {fields: yFields} : [0, 1]},
        {name: 'color', type: 'ordinal', domain: [t('base'), t('variant')], range: [COLORS.base, COLORS.variant]}
      ],
      axes: [
        {orient: 'bottom', scale: 'x', format: '%b %Y', formatType: 'utc', labelOverlap: true,
         tickCount: {signal: 'max(2, ceil(width / 110))'}},
        {orient: 'left', scale: 'y', grid: true, tickCount: 6, title: unitTitle(s.unit),
         format: isFraction(s.unit) ? '.0%' : ',~f'}
      ],
      marks: marksList
    };
    if (withLegend) {
      spec.legends = [{fill: 'color', orient: 'top', direction: 'horizontal', symbolType: 'square',
                       title: null, labelLimit: 220}];
    }
    return spec;
  }
  function unitTitle(unit) { return unitLabel(unit) || null; }
  function dedupe(rules, field) {
    var out = [];
    rules.forEach(function (r) {
      var same = out.filter(function (o) { return o[field] === r[field] && o.name === r.name; })[0];
      var twin = out.filter(function (o) { return o[field] === r[field]; })[0];
      if (twin && twin.who === 'base' && r.who === 'variant' && twin.text.split(' (')[0] === r.text.split(' (')[0]) {
        twin.who = 'both';
        twin.text = twin.text.split(' (')[0];
      } else if (!same) {
        out.push(r);
      }
    });
    return out;
  }
  function markLabel(name) {
    var l = scenario && scenario.levers.filter(function (x) { return x.mark === name; })[0];
    if (l && l.label) return l.label;
    var k = 'mark_' + name;
    return Object.prototype.hasOwnProperty.call(text, k) ? text[k] : name;
  }

  // The headline and steering KPIs on one scale: the difference as a share of the base mean.
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
  function allZero(rows) { return rows.every(function (r) { return r.lo === 0 && r.hi === 0; }); }
  function relativeRows(answer) {
    var seen = {};
    var out = [];
    tableKpis(answer).forEach(function (k) {
      var b = k.base && k.base.mean, d = k.difference || {};
      if (!finite(b) || b === 0 || !finite(d.mean)) return;
      var f = 100 / Math.abs(b);
      var label = kpiLabel(k);
      if (seen[label]) label += ' (' + k.name + ')';
      seen[label] = true;
      var lo = finite(d.ci_low) ? d.ci_low * f : d.mean * f, hi = finite(d.ci_high) ? d.ci_high * f : d.mean * f;
      var fd = fmtDiff(d, k.unit || '');
      out.push({label: label, rel: d.mean * f, lo: lo, hi: hi, sign: lo > 0 ? 'pos' : (hi < 0 ? 'neg' : 'zero'),
                text: fmtNum(d.mean * f, 1, true) + ' %',
                tooltip: label + ': ' + fmtNum(d.mean * f, 1, true) + ' % (' + fd.main + (fd.ci ? ' ' + fd.ci : '') + ')'});
    });
    return out;
  }
  function relativeSpec(rows) {
    return {
      $schema: 'https://vega.github.io/schema/vega/v5.json',
      description: t('relative_title'),
      autosize: {type: 'fit-x', contains: 'padding'},
      height: Math.max(60, 30 * rows.length),
      padding: {left: 4, right: 12, top: 8, bottom: 4},
      config: CHART_CONFIG,
      signals: [widthSignal()],
      data: [{name: 'rows', values: rows}, {name: 'zero', values: [{x: 0}]},
             {name: 'extent', values: allZero(rows) ? [{x: -1}, {x: 1}] : [{x: 0}]}],
      scales: [
        {name: 'y', type: 'band', range: 'height', domain: rows.map(function (r) { return r.label; }),
         paddingInner: 0.2, paddingOuter: 0.1},
        {name: 'x', type: 'linear', range: 'width', nice: true, zero: true,
         domain: {fields: [{data: 'rows', field: 'lo'}, {data: 'rows', field: 'hi'}, {data: 'extent', field: 'x'}]}},
        {name: 'color', type: 'ordinal', domain: ['pos', 'neg', 'zero'], range: [COLORS.pos, COLORS.neg, COLORS.muted]}
      ],
      axes: [
        {orient: 'bottom', scale: 'x', grid: true, title: t('relative_axis'), format: ',~f', labelOverlap: true,
         tickCount: {signal: 'max(2, ceil(width / 90))'}},
        {orient: 'left', scale: 'y', labelLimit: 220}
      ],
      marks: [
        {type: 'rule', from: {data: 'zero'}, interactive: false,
         encode: {update: {x: {scale: 'x', field: 'x'}, y: {value: 0}, y2: {signal: 'height'},
                           stroke: {value: COLORS.ink}, strokeWidth: {value: 1}}}},
        {type: 'rule', from: {data: 'rows'}, interactive: false,
         encode: {update: {y: {scale: 'y', field: 'label', band: 0.5}, x: {scale: 'x', field: 'lo'},
                           x2: {scale: 'x', field: 'hi'}, stroke: {scale: 'color', field: 'sign'},
                           strokeWidth: {value: 5}, strokeOpacity: {value: 0.5}}}},
        {type: 'symbol', from: {data: 'rows'},
         encode: {update: {y: {scale: 'y', field: 'label', band: 0.5}, x: {scale: 'x', field: 'rel'},
                           fill: {scale: 'color', field: 'sign'}, size: {value: 70}, stroke: {value: '#ffffff'},
                           strokeWidth: {value: 1}, tooltip: {field: 'tooltip'}},
                  hover: {size: {value: 140}}}},
        {type: 'text', from: {data: 'rows'}, interactive: false,
         encode: {update: {y: {scale: 'y', field: 'label', band: 0.5}, x: {scale: 'x', field: 'hi'}, dx: {value: 8},
                           text: {field: 'text'}, baseline: {value: 'middle'}, fill: {value: COLORS.ink},
                           fontSize: {value: 11}}}}
      ]
    };
  }

  // The funnel: per stage (in order) the difference variant - base with its 95 % CI.
  function funnelSpec(stages) {
    var values = stages.map(function (k, i) {
      var d = k.difference || {};
      var unit = k.unit || '';
      var scale = isFraction(unit) ? 100 : 1;
      var mean = finite(d.mean) ? d.mean * scale : 0;
      var lo = finite(d.ci_low) ? d.ci_low * scale : mean, hi = finite(d.ci_high) ? d.ci_high * scale : mean;
      var f = fmtDiff(d, unit);
      return {stage: (i + 1) + '. ' + kpiLabel(k), mean: mean, lo: lo, hi: hi,
              sign: lo > 0 ? 'pos' : (hi < 0 ? 'neg' : 'zero'), text: f.main,
              tooltip: kpiLabel(k) + ': ' + f.main + (f.ci ? ' ' + f.ci : '')};
    });
    var height = Math.max(90, 38 * values.length);
    return {
      $schema: 'https://vega.github.io/schema/vega/v5.json',
      description: t('funnel_title'),
      autosize: {type: 'fit-x', contains: 'padding'},
      height: height,
      padding: {left: 4, right: 12, top: 8, bottom: 4},
      config: CHART_CONFIG,
      signals: [widthSignal()],
      data: [{name: 'stages', values: values}, {name: 'zero', values: [{x: 0}]},
             {name: 'extent', values: allZero(values) ? [{x: -1}, {x: 1}] : [{x: 0}]}],
      scales: [
        {name: 'y', type: 'band', range: 'height', domain: values.map(function (v) { return v.stage; }),
         paddingInner: 0.3, paddingOuter: 0.15},
        {name: 'x', type: 'linear', range: 'width', nice: true, zero: true,
         domain: {fields: [{data: 'stages', field: 'lo'}, {data: 'stages', field: 'hi'}, {data: 'stages', field: 'mean'},
                           {data: 'extent', field: 'x'}]}},
        {name: 'color', type: 'ordinal', domain: ['pos', 'neg', 'zero'], range: [COLORS.pos, COLORS.neg, COLORS.muted]}
      ],
      axes: [
        {orient: 'bottom', scale: 'x', grid: true, title: t('funnel_axis'), format: ',~f', labelOverlap: true,
         tickCount: {signal: 'max(2, ceil(width / 90))'}},
        {orient: 'left', scale: 'y', labelLimit: 200}
      ],
      marks: [
        {type: 'rect', from: {data: 'stages'},
         encode: {update: {y: {scale: 'y', field: 'stage'}, height: {scale: 'y', band: 1},
                           x: {scale: 'x', value: 0}, x2: {scale: 'x', field: 'mean'},
                           fill: {scale: 'color', field: 'sign'}, fillOpacity: {value: 0.55},
                           tooltip: {field: 'tooltip'}},
                  hover: {fillOpacity: {value: 0.8}}}},
        {type: 'rule', from: {data: 'stages'}, interactive: false,
         encode: {update: {y: {scale: 'y', field: 'stage', band: 0.5}, x: {scale: 'x', field: 'lo'},
                           x2: {scale: 'x', field: 'hi'}, stroke: {value: COLORS.ink}, strokeWidth: {value: 2}}}},
        {type: 'rule', from: {data: 'zero'}, interactive: false,
         encode: {update: {x: {scale: 'x', field: 'x'}, y: {value: 0}, y2: {signal: 'height'},
                           stroke: {value: COLORS.ink}, strokeWidth: {value: 1}}}},
        {type: 'text', from: {data: 'stages'}, interactive: false,
         encode: {update: {y: {scale: 'y', field: 'stage', band: 0.5}, x: {scale: 'x', field: 'hi'}, dx: {value: 6},
                           text: {field: 'text'}, baseline: {value: 'middle'}, fill: {value: COLORS.ink},
                           fontSize: {value: 12}}}}
      ]
    };
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
