// sibsim studio page: the charts of base vs variant as Vega specifications (fan, chance of reaching the target,
// relative change, funnel), the small inline CI bar of the KPI table, and the number and date formatting they
// share with the page.
// Plain ES2017, no build step. Inlined before studio.js, which takes all this from window.sibsimStudioCharts
// and creates the vega.View objects; this file creates no views. It reads no state of studio.js: the page's
// words, language, levers and labels come in through init(page).
(function () {
  'use strict';

  // What the charts need of the page, given once by init(page) and read at each call: t(key, params) (a UI word),
  // lang(), text() (the UI words), levers() (the scenario's levers), kpiLabel(k) and seriesLabel(s).
  var page = null;
  function init(p) { page = p; }
  function t(key, params) { return page.t(key, params); }

  var COLORS = {base: '#6b7b8c', variant: '#d4652f', pos: '#2e7d4f', neg: '#c8324a', ink: '#1b2a3a',
                muted: '#5b6770', line: '#b8c0c6'};
  var CHART_CONFIG = {
    font: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
    axis: {labelColor: '#44505a', titleColor: '#1b2a3a', tickColor: '#b8c0c6', domainColor: '#b8c0c6',
           gridColor: '#e8ecef', labelFontSize: 12, titleFontSize: 12, titleFontWeight: 600, titlePadding: 8},
    legend: {labelColor: '#44505a', labelFontSize: 12, symbolSize: 120},
    text: {fill: '#1b2a3a', fontSize: 12}
  };

  // --- number formatting ----------------------------------------------------------------------------
  function locale() { return page.lang() === 'nl' ? 'nl-NL' : 'en-GB'; }
  function decimalsFor(values) {
    var m = 0;
    values.forEach(function (v) { if (v != null && isFinite(v)) m = Math.max(m, Math.abs(v)); });
    if (m === 0 || m >= 1000) return 0;
    if (m >= 10) return 1;
    if (m >= 1) return 2;
    return 3;
  }
  function isFraction(unit) { return unit === 'fraction' || unit === 'yes/no'; }
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
    var k = 'unit_' + unit, text = page.text();
    return Object.prototype.hasOwnProperty.call(text, k) ? text[k] : unit;
  }

  // --- dates and numbers in the answer -------------------------------------------------------------
  function dateMs(s) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(s || ''));
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : null;
  }
  function isDateString(v) { return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v); }
  function finite(v) { return typeof v === 'number' && isFinite(v); }

  // --- charts --------------------------------------------------------------------------------------
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
    var rules = markRules(marks);
    var hrules = rules.hrules, vrules = rules.vrules;
    data.push({name: 'hrules', values: hrules}, {name: 'vrules', values: vrules});
    marksList.push(
      {type: 'rule', from: {data: 'hrules'}, interactive: false,
       encode: {update: {x: {value: 0}, x2: {signal: 'width'}, y: {scale: 'y', field: 'y'}, stroke: RULE_COLOR,
                         strokeWidth: {value: 1.5}, strokeDash: {value: [6, 4]}}}},
      {type: 'text', from: {data: 'hrules'}, interactive: false,
       encode: {update: {x: {value: 4}, y: {scale: 'y', field: 'y'}, dy: {value: -4}, text: {field: 'text'},
                         fill: RULE_COLOR, fontSize: {value: 11}, baseline: {value: 'bottom'}}}});
    marksList.push.apply(marksList, vruleMarks());
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
      description: page.seriesLabel(s),
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

  // The marks of base and variant as rules: numbers horizontal (targets), dates vertical (deadlines);
  // one rule where base and variant agree.
  var RULE_COLOR = {signal: "datum.who === 'variant' ? '" + COLORS.variant + "' : datum.who === 'both' ? '" +
                            COLORS.ink + "' : '" + COLORS.base + "'"};
  function markRules(marks) {
    var whoLabel = {base: t('base'), variant: t('variant')};
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
      hrules = dedupe(hrules, 'y');
      vrules = dedupe(vrules, 'x');
    }
    return {hrules: hrules, vrules: vrules};
  }
  // The Vega marks of the vertical rules in the data set 'vrules' (scale 'x').
  function vruleMarks() {
    return [
      {type: 'rule', from: {data: 'vrules'}, interactive: false,
       encode: {update: {x: {scale: 'x', field: 'x'}, y: {value: 0}, y2: {signal: 'height'}, stroke: RULE_COLOR,
                         strokeWidth: {value: 1.5}, strokeDash: {value: [2, 3]}}}},
      {type: 'text', from: {data: 'vrules'}, interactive: false,
       encode: {update: {x: {scale: 'x', field: 'x'}, dx: {value: -4}, y: {value: 4}, angle: {value: -90},
                         text: {field: 'text'}, fill: RULE_COLOR, fontSize: {value: 11}, align: {value: 'right'},
                         baseline: {value: 'bottom'}}}}];
  }

  // P(target reached by date) of base and variant (the answer's `target_chance`), as step lines on 0-100 %,
  // with the date marks (deadlines) as vertical rules. Null chances are left out.
  function chancePoints(tc, who) {
    var out = [];
    var v = tc[who] || [];
    (tc.dates || []).forEach(function (d, i) {
      var x = dateMs(d);
      if (x != null && finite(v[i])) out.push({x: x, y: v[i], who: who === 'base' ? t('base') : t('variant')});
    });
    return out;
  }
  function lastChance(tc, who) {
    var p = chancePoints(tc, who);
    return p.length ? p[p.length - 1].y : null;
  }
  function chanceSpec(tc, marks, height) {
    var rules = markRules(marks);
    var data = [{name: 'basechance', values: chancePoints(tc, 'base')},
                {name: 'variantchance', values: chancePoints(tc, 'variant')},
                {name: 'vrules', values: rules.vrules}];
    var anyX = data.some(function (d) { return d.values.length > 0; });
    var marksList = [];
    ['base', 'variant'].forEach(function (who) {
      marksList.push({type: 'line', from: {data: who + 'chance'},
        encode: {update: {x: {scale: 'x', field: 'x'}, y: {scale: 'y', field: 'y'}, stroke: {value: COLORS[who]},
                          strokeWidth: {value: 2.5}, interpolate: {value: 'step-after'},
                          tooltip: {signal: "datum.who + ', ' + utcFormat(datum.x, '%d %b %Y') + ': ' + format(datum.y, '.0%')"}}}});
    });
    marksList.push.apply(marksList, vruleMarks());
    return {
      $schema: 'https://vega.github.io/schema/vega/v5.json',
      description: t('chance_title'),
      autosize: {type: 'fit-x', contains: 'padding'},
      height: height,
      padding: {left: 4, right: 12, top: 8, bottom: 4},
      config: CHART_CONFIG,
      signals: [widthSignal()],
      data: data,
      scales: [
        {name: 'x', type: 'utc', range: 'width',
         domain: anyX ? {fields: [{data: 'basechance', field: 'x'}, {data: 'variantchance', field: 'x'},
                                  {data: 'vrules', field: 'x'}]} : [0, 1]},
        {name: 'y', type: 'linear', range: 'height', domain: [0, 1], zero: true},
        {name: 'color', type: 'ordinal', domain: [t('base'), t('variant')], range: [COLORS.base, COLORS.variant]}
      ],
      axes: [
        {orient: 'bottom', scale: 'x', format: '%b %Y', formatType: 'utc', labelOverlap: true,
         tickCount: {signal: 'max(2, ceil(width / 110))'}},
        {orient: 'left', scale: 'y', grid: true, tickCount: 5, title: t('chance_axis'), format: '.0%'}
      ],
      legends: [{fill: 'color', orient: 'top', direction: 'horizontal', symbolType: 'square', title: null,
                 labelLimit: 220}],
      marks: marksList
    };
  }
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
    var l = page.levers().filter(function (x) { return x.mark === name; })[0];
    if (l && l.label) return l.label;
    var k = 'mark_' + name, text = page.text();
    return Object.prototype.hasOwnProperty.call(text, k) ? text[k] : name;
  }

  // The headline and steering KPIs (`kpis`, in table order) on one scale: the difference as a share of
  // the base mean, with its 95 % CI; the rows of relativeSpec.
  function allZero(rows) { return rows.every(function (r) { return r.lo === 0 && r.hi === 0; }); }
  function relativeRows(kpis) {
    var seen = {};
    var out = [];
    kpis.forEach(function (k) {
      var b = k.base && k.base.mean, d = k.difference || {};
      if (!finite(b) || b === 0 || !finite(d.mean)) return;
      var f = 100 / Math.abs(b);
      var label = page.kpiLabel(k);
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
      return {stage: (i + 1) + '. ' + page.kpiLabel(k), mean: mean, lo: lo, hi: hi,
              sign: lo > 0 ? 'pos' : (hi < 0 ? 'neg' : 'zero'), text: f.main,
              tooltip: page.kpiLabel(k) + ': ' + f.main + (f.ci ? ' ' + f.ci : '')};
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

  window.sibsimStudioCharts = {
    init: init,
    // numbers and dates
    isFraction: isFraction, finite: finite, fmtNum: fmtNum, fmtLevel: fmtLevel, fmtDiff: fmtDiff, unitLabel: unitLabel,
    // charts
    ciBar: ciBar, fanSpec: fanSpec, relativeRows: relativeRows, relativeSpec: relativeSpec, funnelSpec: funnelSpec,
    chanceSpec: chanceSpec, lastChance: lastChance
  };
})();
