// The HTML report: one self-contained file for auditors. Everything is inline (CSS, SVG charts,
// a small filter script) and a Content-Security-Policy allows nothing else, so opening the file
// never touches the network, even if escaping were ever to miss something.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <iterator>
#include <map>
#include <optional>
#include <ostream>
#include <sstream>

#include "report/scan_report.hpp"
#include "report/summary.hpp"
#include "util/diagnostic.hpp"
#include "util/json_writer.hpp"
#include "util/sha256.hpp"
#include "util/strings.hpp"
#include "util/timestamp.hpp"
#include "util/xml.hpp"

namespace lethe::report {

namespace {

using rules::Severity;

constexpr std::string_view k_css = R"css(
:root{--ink:#1f2933;--muted:#616e7c;--line:#d9e2ec;--soft:#f5f7fa;--navy:#1b2b44;
--critical:#a61b1b;--high:#d9480f;--medium:#c98a04;--low:#2f6fd6;--info:#7b8794;
--pass:#237a3b;--fail:#a61b1b;--warn:#b35c00}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:var(--ink);background:#fff}
code,.mono{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
header.top{background:var(--navy);color:#fff;padding:22px 32px 18px}
header.top h1{margin:0 0 12px;font-size:20px;font-weight:600;letter-spacing:.2px}
.verdict{display:inline-block;padding:4px 14px;border-radius:4px;font-weight:700;letter-spacing:1px;
font-size:15px;margin-right:12px;color:#fff}
.verdict.passed{background:var(--pass)}.verdict.failed{background:var(--fail)}.verdict.incomplete{background:var(--warn)}
.verdict-note{color:#d0d9e4}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:3px 16px;margin:14px 0 0;font-size:13px}
dl.meta dt{color:#9fb3c8}dl.meta dd{margin:0;word-break:break-all}
nav.toc{padding:8px 32px;border-bottom:1px solid var(--line);background:var(--soft);font-size:13px}
nav.toc a{color:var(--navy);margin-right:18px;text-decoration:none}nav.toc a:hover{text-decoration:underline}
main{padding:8px 32px 32px;max-width:1400px}
section{margin-top:26px}
h2{font-size:17px;margin:0 0 10px;padding-bottom:5px;border-bottom:2px solid var(--navy);color:var(--navy)}
h3{font-size:14px;margin:16px 0 6px}
p.note{color:var(--muted);margin:6px 0}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:16px}
.card{border:1px solid var(--line);border-radius:6px;padding:10px 16px;min-width:130px;background:var(--soft)}
.card .n{font-size:22px;font-weight:700}.card .l{color:var(--muted);font-size:12px}
.charts{display:flex;flex-wrap:wrap;gap:16px 48px;align-items:flex-start}
figure{margin:0}figcaption{font-weight:600;margin-bottom:4px}
svg.chart{max-width:100%;height:auto;font-size:12px}
.chart-label{fill:var(--ink)}.chart-label.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:11.5px}
.chart-value{fill:var(--ink);font-weight:600}
rect.sev-critical{fill:var(--critical)}rect.sev-high{fill:var(--high)}rect.sev-medium{fill:var(--medium)}
rect.sev-low{fill:var(--low)}rect.sev-info{fill:var(--info)}rect.track{fill:#eef2f6}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
th{background:var(--soft);font-weight:600;color:#3e4c59;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tbody tr:nth-child(even){background:#fbfcfd}
.sev,.badge{display:inline-block;padding:1px 7px;border-radius:10px;font-size:11.5px;font-weight:600;
color:#fff;white-space:nowrap}
.sev-critical{background:var(--critical)}.sev-high{background:var(--high)}.sev-medium{background:var(--medium)}
.sev-low{background:var(--low)}.sev-info{background:var(--info)}
.o-passed,.s-active{background:var(--pass)}.o-failed,.s-expired{background:var(--fail)}.o-error,.o-incomplete{background:var(--warn)}
.o-not_applicable,.o-not_in_force,.s-unused{background:var(--info)}
.st-open{background:#52606d}.st-new{background:var(--fail)}.st-existing{background:var(--info)}.st-waived{background:var(--pass)}
ul.plain{list-style:none;margin:0;padding:0}
ul.kv{list-style:none;margin:0;padding:0;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
ul.kv .k{color:var(--muted)}td code{overflow-wrap:normal}ul.plain code{white-space:nowrap}
.null,.masked{color:var(--muted);font-style:italic}
.small{font-size:12px;color:var(--muted)}
td.msg{min-width:190px}td.ev{min-width:270px}ul.kv li{overflow-wrap:anywhere}td.id{white-space:nowrap}
.scroll{overflow-x:auto}
.filters{display:flex;gap:18px;align-items:center;margin:0 0 10px;padding:8px 10px;background:var(--soft);
border:1px solid var(--line);border-radius:6px}
.filters select{font:inherit;padding:2px 4px}.filters .count{color:var(--muted);margin-left:auto}
.error{color:var(--fail)}
.pager{display:flex;gap:10px;align-items:center;margin:8px 0}.pager button{font:inherit;padding:2px 10px}
pre{background:var(--soft);border:1px solid var(--line);padding:8px 10px;margin:6px 0;overflow-x:auto;font-size:12px}
footer{padding:14px 32px;color:var(--muted);font-size:12px;border-top:1px solid var(--line)}
.engagement{margin:0 0 12px}.engagement dl.meta{margin:0 0 6px}
.engagement p.notes{margin:4px 0;color:#d0d9e4;max-width:960px}
details.rule-detail{border:1px solid var(--line);border-left:4px solid var(--navy);border-radius:6px;
margin:8px 0;padding:6px 12px}
details.rule-detail summary{cursor:pointer;font-weight:600}
details.rule-detail p{margin:6px 0;max-width:1000px}
h4{font-size:13px;margin:10px 0 4px;color:#3e4c59}
ul.citations{margin:4px 0;padding-left:20px}
@page{size:landscape;margin:12mm}
@media print{
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font-size:11px;background:#fff}main{padding:0;max-width:none}
nav.toc,.filters,.pager{display:none!important}
header.top{background:#fff;color:var(--ink);padding:0 0 8px;border-bottom:2px solid var(--navy)}
header.top h1{color:var(--navy)}.verdict-note,.engagement p.notes{color:var(--ink)}dl.meta dt{color:var(--muted)}
.verdict{background:none!important;border:2px solid currentColor}
.verdict.passed{color:var(--pass)}.verdict.failed{color:var(--fail)}.verdict.incomplete{color:var(--warn)}
.sev,.badge{background:none!important;border:1px solid currentColor;color:#52606d}
.sev-critical{color:var(--critical)}.sev-high{color:var(--high)}.sev-medium{color:#8a5f00}
.sev-low{color:var(--low)}.sev-info{color:var(--info)}
.o-passed,.s-active,.st-waived{color:var(--pass)}.o-failed,.s-expired,.st-new{color:var(--fail)}
.o-error,.o-incomplete{color:var(--warn)}
th,.card,pre,tbody tr:nth-child(even){background:#fff}
details::details-content{content-visibility:visible;display:block}
details>summary{list-style:none}details>summary::-webkit-details-marker{display:none}
details.rule-detail,figure{break-inside:avoid}figcaption{break-after:avoid}
#outcomes,#findings-section,#coverage,#audit{break-before:page}
tr.finding[hidden]{display:table-row}tr{break-inside:avoid}h2,h3,h4{break-after:avoid}
thead{display:table-header-group}
.scroll{overflow:visible}table{font-size:11px}th,td{padding:4px 6px}td.ev{min-width:220px}td.msg{min-width:150px}
th,td.id{white-space:normal}code,ul.kv,.small{font-size:10px}td{overflow-wrap:anywhere}
td code,ul.plain code,dl.meta dd{white-space:normal;overflow-wrap:anywhere}
pre{white-space:pre-wrap;overflow-wrap:anywhere;overflow:visible}
a{color:inherit}a[href]:not([href^="#"])::after{content:" (" attr(href) ")"}
}
)css";

// Filters the findings table by rule and severity; the selection is kept in the URL hash
// (`#rule=ID&severity=SEV`) so that a filtered view can be linked to. Without scripts every row
// shows and the controls stay hidden.
constexpr std::string_view k_script = R"(
(function () {
  // A printout shows every rule's details, however the reader left them.
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (details) {
      details.open = true;
    });
  });
  var rule = document.getElementById('filter-rule');
  var severity = document.getElementById('filter-severity');
  if (!rule || !severity) return;
  var count = document.getElementById('filter-count');
  var body = document.querySelector('#findings tbody');
  var rows = document.querySelectorAll('#findings tr.finding');
  // Over a page of findings, the table holds one page and #finding-data every finding, read on
  // the first filter or turn of the page (the first page is in the table already).
  var data = document.getElementById('finding-data');
  var pager = document.getElementById('pager');
  var store = null, chosen = [], page = 0, size = rows.length;
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function value(v) {
    return v === null ? el('span', 'null', 'null') : v === 0 ? el('span', 'masked', '***') :
        document.createTextNode(v);
  }
  // One row as the report writes it: [rule, key, location, duplicated, message, evidence,
  // related, status, waiver, fingerprint].
  function render(f) {
    var r = store.rules[f[0]], tr = el('tr', 'finding'), td;
    tr.setAttribute('data-rule', r[0]);
    tr.setAttribute('data-severity', r[1]);
    tr.setAttribute('data-fingerprint', f[9]);
    td = tr.appendChild(el('td'));
    td.appendChild(el('span', 'sev sev-' + r[1], r[1]));
    tr.appendChild(el('td')).appendChild(el('code', '', r[0]));
    td = tr.appendChild(el('td'));
    td.title = 'fingerprint ' + f[9];
    td.appendChild(f[1] === null ? el('span', 'null', 'null') : el('code', '', f[1]));
    td.appendChild(el('div', 'small', f[2]));
    if (f[3]) td.appendChild(el('div', 'small', 'key duplicated in the dataset'));
    tr.appendChild(el('td', 'msg', f[4]));
    var ul = tr.appendChild(el('td', 'ev')).appendChild(el('ul', 'kv'));
    f[5].forEach(function (kv) {
      var li = ul.appendChild(el('li'));
      li.appendChild(el('span', 'k', kv[0]));
      li.appendChild(document.createTextNode('='));
      li.appendChild(value(kv[1]));
    });
    ul = tr.appendChild(el('td')).appendChild(el('ul', 'plain'));
    f[6].forEach(function (rel) {
      var li = ul.appendChild(el('li'));
      li.appendChild(document.createTextNode(rel[0] + ' '));
      li.appendChild(el('code', '', rel[1] === null ? 'null' : rel[1]));
      li.appendChild(el('div', 'small', rel[2]));
    });
    td = tr.appendChild(el('td'));
    td.appendChild(el('span', 'badge st-' + f[7], f[7]));
    if (f[8]) {
      var w = td.appendChild(el('div', 'small', f[8][0]));
      w.appendChild(el('br'));
      w.appendChild(document.createTextNode('approved by ' + f[8][1] + ', expires ' + f[8][2]));
    }
    return tr;
  }
  function show() {
    var pages = Math.max(1, Math.ceil(chosen.length / size));
    page = Math.min(page, pages - 1);
    var fragment = document.createDocumentFragment();
    chosen.slice(page * size, (page + 1) * size).forEach(function (i) {
      fragment.appendChild(render(store.findings[i]));
    });
    body.replaceChildren(fragment);
    document.getElementById('page-of').textContent = 'page ' + (page + 1) + ' of ' + pages;
    document.getElementById('page-prev').disabled = page === 0;
    document.getElementById('page-next').disabled = page + 1 >= pages;
    count.textContent = chosen.length + ' of ' + store.findings.length + ' findings shown';
  }
  function apply() {
    if (data) {
      if (!store) store = JSON.parse(data.textContent);
      chosen = [];
      store.findings.forEach(function (f, i) {
        var r = store.rules[f[0]];
        if ((!rule.value || r[0] === rule.value) && (!severity.value || r[1] === severity.value))
          chosen.push(i);
      });
      show();
      return;
    }
    var shown = 0;
    rows.forEach(function (row) {
      var visible = (!rule.value || row.getAttribute('data-rule') === rule.value) &&
          (!severity.value || row.getAttribute('data-severity') === severity.value);
      row.hidden = !visible;
      if (visible) shown++;
    });
    count.textContent = shown + ' of ' + rows.length + ' findings shown';
  }
  function select(control, value) {
    control.value = value || '';
    if (control.selectedIndex < 0) control.selectedIndex = 0;
  }
  function fromHash() {
    var hash = location.hash.slice(1);
    if (hash && hash.indexOf('=') < 0) return;  // a link to a section, not a filter
    var params = new URLSearchParams(hash);
    select(rule, params.get('rule'));
    select(severity, params.get('severity'));
    // The first page needs no reading of the data.
    if (data && !store && !rule.value && !severity.value) return;
    apply();
  }
  function toHash() {
    var params = new URLSearchParams();
    if (rule.value) params.set('rule', rule.value);
    if (severity.value) params.set('severity', severity.value);
    try {
      history.replaceState(null, '', '#' + params.toString());
    } catch (e) {}
    page = 0;
    apply();
  }
  function turn(by) {
    if (!store) apply();
    page += by;
    show();
  }
  rule.addEventListener('change', toHash);
  severity.addEventListener('change', toHash);
  window.addEventListener('hashchange', fromHash);
  document.getElementById('filters').hidden = false;
  if (pager) {
    document.getElementById('page-prev').addEventListener('click', function () { turn(-1); });
    document.getElementById('page-next').addEventListener('click', function () { turn(1); });
    pager.hidden = false;
  }
  fromHash();
})();
)";

std::string esc(std::string_view text) {
  return util::xml_escape(text);
}

std::string date_text(std::int64_t seconds) {
  return util::format_iso8601(seconds).substr(0, 10);
}

// A CSP source allowing exactly one inline block: 'sha256-BASE64' of its text.
std::string csp_hash(std::string_view text) {
  static constexpr std::string_view k_alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string hex = util::sha256_hex(text);
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    auto byte = [&](size_t at) {
      return at < bytes.size() ? static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at]))
                               : 0u;
    };
    std::uint32_t n = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    out += k_alphabet[n >> 18 & 63];
    out += k_alphabet[n >> 12 & 63];
    out += i + 1 < bytes.size() ? k_alphabet[n >> 6 & 63] : '=';
    out += i + 2 < bytes.size() ? k_alphabet[n & 63] : '=';
  }
  return "'sha256-" + out + "'";
}

std::string severity_badge(Severity severity) {
  auto name = rules::severity_name(severity);
  return fmt::format("<span class=\"sev sev-{0}\">{0}</span>", name);
}

std::string badge(std::string_view prefix, std::string_view name) {
  return fmt::format("<span class=\"badge {}-{}\">{}</span>", prefix, name, esc(name));
}

std::string code_list(const std::vector<std::string>& items) {
  std::vector<std::string> parts;
  parts.reserve(items.size());
  for (const auto& item : items)
    parts.push_back("<code>" + esc(item) + "</code>");
  return util::join(parts, ", ");
}

// `<section id=ID>` and its heading.
std::string section_start(std::string_view id, std::string_view heading) {
  return fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n", id, heading);
}

// A column of a table: its heading, and whether it holds numbers (aligned right).
struct Column {
  std::string_view heading;
  bool numeric = false;
};

// A table's opening, through its header row, up to its first body row.
std::string table_start(std::initializer_list<Column> columns, std::string_view id = {}) {
  std::string out = id.empty() ? "<table>" : fmt::format("<table id=\"{}\">", id);
  out += "\n<thead><tr>";
  for (const auto& column : columns)
    out += fmt::format("<th{}>{}</th>", column.numeric ? " class=\"num\"" : "", column.heading);
  return out + "</tr></thead>\n<tbody>\n";
}

constexpr std::string_view k_table_end = "</tbody>\n</table>\n";

struct Bar {
  std::string label;
  std::uint64_t count = 0;
  std::string severity;  // colours the bar
};

// A horizontal bar chart: labels left, bars scaled to the largest count, the count after each bar.
std::string bar_chart(std::string_view id, std::string_view caption, const std::vector<Bar>& bars,
                      bool mono_labels) {
  constexpr size_t k_max_label = 46;
  constexpr int k_row = 24, k_bar = 14, k_value = 44, k_track = 320;
  size_t label_chars = 4;
  std::uint64_t max_count = 1;
  for (const auto& bar : bars) {
    label_chars = std::max(label_chars, std::min(bar.label.size(), k_max_label));
    max_count = std::max(max_count, bar.count);
  }
  int label_width = static_cast<int>(label_chars) * (mono_labels ? 7 : 8) + 12;
  int width = label_width + k_track + k_value;  // drawn at its natural size, so text stays 12px
  int height = static_cast<int>(bars.size()) * k_row + 4;
  std::vector<std::string> summary;
  summary.reserve(bars.size());
  for (const auto& bar : bars)
    summary.push_back(fmt::format("{} {}", bar.label, bar.count));
  std::string out = fmt::format(
      "<figure id=\"{}\"><figcaption>{}</figcaption>\n<svg class=\"chart\" "
      "viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" "
      "role=\"img\" aria-label=\"{}: {}\">\n",
      id, esc(caption), width, height, width, height, esc(caption), esc(util::join(summary, ", ")));
  int y = 2;
  for (const auto& bar : bars) {
    std::string label = bar.label.size() > k_max_label
                            ? bar.label.substr(0, k_max_label - 1) + "\u2026"
                            : bar.label;
    auto length = static_cast<int>(bar.count * static_cast<std::uint64_t>(k_track) / max_count);
    if (bar.count > 0) length = std::max(length, 2);
    out += fmt::format(
        "<g><title>{}: {}</title><text class=\"chart-label{}\" x=\"{}\" y=\"{}\" "
        "text-anchor=\"end\">{}</text><rect class=\"track\" x=\"{}\" y=\"{}\" width=\"{}\" "
        "height=\"{}\"/><rect class=\"sev-{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" "
        "rx=\"2\"/><text class=\"chart-value\" x=\"{}\" y=\"{}\">{}</text></g>\n",
        esc(bar.label), bar.count, mono_labels ? " mono" : "", label_width - 8, y + 15, esc(label),
        label_width, y + 3, k_track, k_bar, bar.severity, label_width, y + 3, length, k_bar,
        label_width + length + 6, y + 15, bar.count);
    y += k_row;
  }
  return out + "</svg></figure>\n";
}

// A waiver's place in its file, the file shown as shown_path has it.
std::string shown_location(util::SourceLocation location, const ScanContext& context) {
  location.path = shown_path(location.path, context);
  return util::format_location(location);
}

// Paragraphs of free text (a rule's description, the engagement's notes), escaped, a blank line
// between paragraphs, single line breaks kept as breaks.
std::string paragraphs(std::string_view text, std::string_view css_class = {}) {
  std::vector<std::vector<std::string_view>> blocks(1);
  for (std::string_view line : util::split(text, '\n')) {
    line = util::trim(line);
    if (line.empty()) {
      if (!blocks.back().empty()) blocks.emplace_back();
    } else {
      blocks.back().push_back(line);
    }
  }
  std::string out;
  for (const auto& lines : blocks) {
    if (lines.empty()) continue;
    std::vector<std::string> escaped;
    escaped.reserve(lines.size());
    for (auto line : lines)
      escaped.push_back(esc(line));
    out += css_class.empty() ? "<p>" : fmt::format("<p class=\"{}\">", css_class);
    out += util::join(escaped, "<br>\n") + "</p>\n";
  }
  return out;
}

// Who the audit is for and by whom, from the config file's `report:`.
void write_engagement(std::string& out, const Engagement& engagement) {
  if (engagement.empty()) return;
  out += "<div class=\"engagement\" id=\"engagement\">\n<dl class=\"meta\">\n";
  for (auto [term, value] :
       {std::pair{"Client", &engagement.client}, std::pair{"Engagement", &engagement.engagement},
        std::pair{"Auditor", &engagement.auditor}}) {
    if (!value->empty()) out += fmt::format("<dt>{}</dt><dd>{}</dd>\n", term, esc(*value));
  }
  out += "</dl>\n";
  if (!engagement.notes.empty()) out += paragraphs(engagement.notes, "notes");
  out += "</div>\n";
}

void write_header(std::string& out, const engine::ScanResult& result, const ScanContext& context) {
  std::string verdict_text = verdict(context.exit_code);
  out += "<header class=\"top\">\n<h1>Lethe privacy audit";
  if (!context.engagement.client.empty()) out += " for " + esc(context.engagement.client);
  out += "</h1>\n";
  write_engagement(out, context.engagement);
  // The verdict in a reader's words: the exit code and options are for CI and its formats.
  out += fmt::format(
      "<p><span id=\"verdict\" class=\"verdict {}\">{}</span><span class=\"verdict-note\">{}."
      "</span></p>\n<dl class=\"meta\">\n",
      util::to_lower(verdict_text), verdict_text, esc(verdict_reason(result, context)));
  auto row = [&](std::string_view term, const std::string& html) {
    out += fmt::format("<dt>{}</dt><dd>{}</dd>\n", term, html);
  };
  row("Export", "<code>" + esc(context.export_path) + "</code>" +
                    (result.plan.name.empty() ? "" : " (" + esc(result.plan.name) + ")"));
  if (!result.plan.manifest_path.empty())
    row("Manifest", esc(shown_path(result.plan.manifest_path, context)));
  row("As of", esc(as_of_text(result.as_of, context)));
  std::vector<std::string> sources;
  for (const auto& source : context.rule_sources)
    sources.push_back(shown_path(source, context));
  row("Rules",
      code_list(sources) + " — " + util::count_noun(result.results.size(), "rule", "rules"));
  if (!context.scope.left_out.empty()) {
    row("Left out", fmt::format("{} of {} rules, by {}: {}", context.scope.left_out.size(),
                                context.scope.pack_size, esc(context.scope.patterns_text()),
                                code_list(context.scope.left_out)));
  }
  std::string threshold =
      context.gate.fail_on
          ? fmt::format("{} and above", rules::severity_name(*context.gate.fail_on))
          : std::string("none: no finding fails the audit");
  row("Failing severity", threshold + (context.gate.new_only ? ", new findings only" : ""));
  row("Tool", "Lethe " + esc(LETHE_VERSION));
  out += "</dl>\n</header>\n";
  out +=
      "<nav class=\"toc\"><a href=\"#overview\">Overview</a><a href=\"#outcomes\">Rule "
      "outcomes</a><a href=\"#findings-section\">Findings</a><a href=\"#coverage\">Dataset "
      "coverage</a><a href=\"#waivers\">Waivers</a><a href=\"#audit\">Audit trail</a></nav>\n";
}

void write_overview(std::string& out, const engine::ScanResult& result, const Summary& summary) {
  auto outcome = [&](engine::Outcome o) { return summary.by_outcome[static_cast<size_t>(o)]; };
  out += section_start("overview", "Overview") + "<div class=\"cards\">\n";
  auto card = [&](std::uint64_t n, const std::string& label) {
    out += fmt::format(
        "<div class=\"card\"><div class=\"n\">{}</div><div class=\"l\">{}</div>"
        "</div>\n",
        n, label);
  };
  card(summary.findings, "findings");
  card(summary.waived, "waived");
  if (result.has_baseline) {
    card(summary.new_findings, "new since the baseline");
    card(result.fixed.size(), "fixed since the baseline");
  }
  card(outcome(engine::Outcome::failed), fmt::format("of {} rules failed", result.results.size()));
  card(outcome(engine::Outcome::incomplete), "rules incomplete");
  card(outcome(engine::Outcome::error), "rules in error");
  card(summary.rows_loaded, "rows loaded");
  card(summary.rows_rejected, "rows rejected");
  out += "</div>\n<div class=\"charts\">\n";

  std::vector<Bar> by_severity;
  for (auto severity : k_severities_descending) {
    std::string name(rules::severity_name(severity));
    by_severity.push_back({name, summary.by_severity[static_cast<size_t>(severity)], name});
  }
  out += bar_chart("chart-severity", "Findings by severity", by_severity, false);

  std::vector<Bar> by_rule;
  for (const auto& rule_result : result.results) {
    if (rule_result.findings == 0) continue;
    by_rule.push_back({rule_result.rule->id, rule_result.findings,
                       std::string(rules::severity_name(rule_result.rule->severity))});
  }
  // Most findings first; ties keep rule id order.
  std::stable_sort(by_rule.begin(), by_rule.end(),
                   [](const Bar& a, const Bar& b) { return a.count > b.count; });
  if (by_rule.empty()) {
    out +=
        "<figure id=\"chart-rule\"><figcaption>Findings by rule</figcaption>"
        "<p class=\"note\">No rule has findings.</p></figure>\n";
  } else {
    out += bar_chart("chart-rule", "Findings by rule", by_rule, true);
  }
  out += "</div>\n</section>\n";
}

void write_outcome_rows(std::string& out, const engine::ScanResult& result) {
  out +=
      section_start("outcomes", "Rule outcomes") +
      table_start(
          {{"Rule"}, {"Title"}, {"Severity"}, {"Outcome"}, {"Findings or reason"}, {"Citations"}});
  for (const auto& rule_result : result.results) {
    const rules::Rule& rule = *rule_result.rule;
    std::string detail = esc(outcome_detail(rule_result));
    for (const auto& note : rule_result.notes)
      detail += fmt::format("{}<span class=\"note\">note: {}</span>", detail.empty() ? "" : "<br>",
                            esc(note));
    // A rule without a title gets its id as title: no need to say it twice.
    std::string title = rule.title == rule.id ? "" : esc(rule.title);
    std::string citations;
    for (const auto& citation : rule.citations)
      citations += "<li>" + esc(citation) + "</li>";
    out += fmt::format(
        "<tr data-rule=\"{}\"><td "
        "class=\"id\"><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td>"
        "<td>{}</td><td><ul class=\"plain\">{}</ul></td></tr>\n",
        esc(rule.id), esc(rule.id), title, severity_badge(rule.severity),
        badge("o", engine::outcome_name(rule_result.outcome)), detail, citations);
  }
  out += std::string(k_table_end) + "</section>\n";
}

std::string evidence_html(const engine::Finding& finding) {
  std::string out = "<ul class=\"kv\">";
  for (const auto& evidence : finding.evidence) {
    std::string value = evidence.masked ? "<span class=\"masked\">***</span>"
                        : evidence.value.type == rules::ValueType::null
                            ? "<span class=\"null\">null</span>"
                            : esc(evidence.value.to_display());
    out += fmt::format("<li><span class=\"k\">{}</span>={}</li>", esc(evidence.field), value);
  }
  return out + "</ul>";
}

std::string status_html(const engine::Finding& finding) {
  std::string out = badge("st", engine::finding_status(finding));
  if (const engine::Waiver* waiver = finding.waiver) {
    out += fmt::format("<div class=\"small\">{}<br>approved by {}, expires {}</div>",
                       esc(waiver->reason), esc(waiver->approved_by), date_text(waiver->expires));
  }
  return out;
}

// What each failed rule is about and how to fix it: expanded, and printed expanded.
void write_failed_rules(std::string& out, const engine::ScanResult& result) {
  std::string details;
  for (const auto& rule_result : result.results) {
    if (rule_result.outcome != engine::Outcome::failed) continue;
    const rules::Rule& rule = *rule_result.rule;
    details += fmt::format(
        "<details class=\"rule-detail\" id=\"rule-{0}\" data-rule=\"{0}\" open>\n"
        "<summary>{1} <code>{0}</code>{2} — {3}</summary>\n",
        esc(rule.id), severity_badge(rule.severity),
        rule.title == rule.id ? "" : " " + esc(rule.title),
        util::count_noun(rule_result.findings, "finding", "findings"));
    if (!rule.description.empty()) details += paragraphs(rule.description, "description");
    if (!rule.remediation.empty()) {
      details += "<h4>Remediation</h4>\n" + paragraphs(rule.remediation, "remediation");
    }
    if (!rule.citations.empty()) {
      details += "<h4>Citations</h4>\n<ul class=\"citations\">";
      for (const auto& citation : rule.citations)
        details += "<li>" + esc(citation) + "</li>";
      details += "</ul>\n";
    }
    details += "</details>\n";
  }
  if (details.empty()) return;
  out += "<h3 id=\"failed-rules\">Failed rules</h3>\n" + details;
}

// Findings the table holds: more are paged from #finding-data by the script.
constexpr size_t k_page_rows = 1000;

// The table row of a finding.
void append_finding_row(std::string& out, const engine::Finding& finding) {
  const rules::Rule& rule = *finding.rule;
  std::string key = finding.key ? "<code>" + esc(*finding.key) + "</code>"
                                : std::string("<span class=\"null\">null</span>");
  key += "<div class=\"small\">" + esc(location_text(finding.location)) + "</div>";
  if (finding.duplicate_key) key += "<div class=\"small\">key duplicated in the dataset</div>";
  std::string related = "<ul class=\"plain\">";
  for (const auto& row : finding.related) {
    related +=
        fmt::format("<li>{} <code>{}</code><div class=\"small\">{}</div></li>", esc(row.dataset),
                    row.key ? esc(*row.key) : "null", esc(location_text(row.location)));
  }
  related += "</ul>";
  fmt::format_to(
      std::back_inserter(out),
      "<tr class=\"finding\" data-rule=\"{0}\" data-severity=\"{1}\" data-fingerprint=\"{2}\">"
      "<td>{3}</td><td><code>{0}</code></td><td title=\"fingerprint {2}\">{4}</td>"
      "<td class=\"msg\">{5}</td><td class=\"ev\">{6}</td><td>{7}</td><td>{8}</td></tr>\n",
      esc(rule.id), rules::severity_name(rule.severity), esc(finding.fingerprint),
      severity_badge(rule.severity), key, esc(finding.message), evidence_html(finding), related,
      status_html(finding));
}

// `text` as a JSON string that cannot end the <script> element holding it: `<` is \u003c.
void append_script_string(std::string& out, std::string_view text) {
  size_t from = out.size();
  util::append_json_quoted(out, text);
  if (out.find('<', from) == std::string::npos) return;
  std::string quoted = out.substr(from);
  out.resize(from);
  for (char c : quoted) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out += c;
    }
  }
}

void append_script_nullable(std::string& out, const std::optional<std::string>& text) {
  if (text) {
    append_script_string(out, *text);
  } else {
    out += "null";
  }
}

// A finding as an element of #finding-data's `findings`, as k_script's render() reads it:
// [rule, key, location, duplicated, message, evidence, related, status, waiver, fingerprint];
// an evidence value is null when null and 0 when masked.
void append_finding_data(std::string& out, const engine::Finding& finding, size_t rule_index) {
  fmt::format_to(std::back_inserter(out), "[{},", rule_index);
  append_script_nullable(out, finding.key);
  out += ',';
  append_script_string(out, location_text(finding.location));
  out += finding.duplicate_key ? ",1," : ",0,";
  append_script_string(out, finding.message);
  out += ",[";
  for (size_t i = 0; i < finding.evidence.size(); ++i) {
    const auto& evidence = finding.evidence[i];
    out += i ? ",[" : "[";
    append_script_string(out, evidence.field);
    out += ',';
    if (evidence.masked) {
      out += '0';
    } else if (evidence.value.type == rules::ValueType::null) {
      out += "null";
    } else {
      append_script_string(out, evidence.value.to_display());
    }
    out += ']';
  }
  out += "],[";
  for (size_t i = 0; i < finding.related.size(); ++i) {
    const auto& row = finding.related[i];
    out += i ? ",[" : "[";
    append_script_string(out, row.dataset);
    out += ',';
    append_script_nullable(out, row.key);
    out += ',';
    append_script_string(out, location_text(row.location));
    out += ']';
  }
  out += "],";
  append_script_string(out, engine::finding_status(finding));
  out += ',';
  if (const engine::Waiver* waiver = finding.waiver) {
    out += '[';
    append_script_string(out, waiver->reason);
    out += ',';
    append_script_string(out, waiver->approved_by);
    out += ',';
    append_script_string(out, date_text(waiver->expires));
    out += ']';
  } else {
    out += "null";
  }
  out += ',';
  append_script_string(out, finding.fingerprint);
  out += ']';
}

// #finding-data: the rules ([id, severity], by index) and every finding, streamed to `sink`
// after `out` (which is emptied) a block at a time.
void write_finding_data(std::string& out, const engine::ScanResult& result, std::ostream& sink) {
  std::map<const rules::Rule*, size_t> index;
  out += "<script type=\"application/json\" id=\"finding-data\">{\"rules\":[";
  for (size_t i = 0; i < result.results.size(); ++i) {
    const rules::Rule& rule = *result.results[i].rule;
    index[&rule] = i;
    out += i ? ",[" : "[";
    append_script_string(out, rule.id);
    out += ',';
    append_script_string(out, rules::severity_name(rule.severity));
    out += ']';
  }
  out += "],\"findings\":[\n";
  bool first = true;
  for (const auto& finding : result.findings) {
    if (!first) out += ",\n";
    first = false;
    append_finding_data(out, finding, index.at(finding.rule));
    if (out.size() >= (std::size_t{1} << 20)) {
      sink << out;
      out.clear();
    }
  }
  out += "\n]}</script>\n";
}

// The findings section; over k_page_rows findings the table holds the first page, every
// finding goes into #finding-data (streamed to `sink`), and a pager turns the pages.
void write_findings(std::string& out, const engine::ScanResult& result, const Summary& summary,
                    std::ostream& sink) {
  out += section_start("findings-section", "Findings");
  write_failed_rules(out, result);
  const bool paged = result.findings.size() > k_page_rows;
  const size_t pages = (result.findings.size() + k_page_rows - 1) / k_page_rows;
  if (!result.findings.empty()) out += "<h3 id=\"finding-list\">Every finding</h3>\n";
  if (!result.findings.empty()) {
    out +=
        "<div class=\"filters\" id=\"filters\" hidden>\n<label>Rule <select id=\"filter-rule\">"
        "<option value=\"\">All rules</option>";
    for (const auto& rule_result : result.results) {
      if (rule_result.findings == 0) continue;
      out += fmt::format("<option value=\"{0}\">{0} ({1})</option>", esc(rule_result.rule->id),
                         rule_result.findings);
    }
    out +=
        "</select></label>\n<label>Severity <select id=\"filter-severity\">"
        "<option value=\"\">All severities</option>";
    for (auto severity : k_severities_descending) {
      out += fmt::format("<option value=\"{0}\">{0} ({1})</option>", rules::severity_name(severity),
                         summary.by_severity[static_cast<size_t>(severity)]);
    }
    std::string shown = paged
                            ? fmt::format("{} of {} shown", k_page_rows,
                                          util::count_noun(summary.findings, "finding", "findings"))
                            : util::count_noun(summary.findings, "finding", "findings") + " shown";
    out += fmt::format(
        "</select></label>\n<span class=\"count\" id=\"filter-count\" "
        "aria-live=\"polite\">{}</span>\n</div>\n",
        shown);
  }
  if (paged) {
    out += fmt::format(
        "<p class=\"note\">The table lists the first {} of {}, in the report's order; with "
        "scripts on, the pager below turns to the others and the filters search them all. Every "
        "finding is also in this file's data, and in the JSON and CSV reports.</p>\n",
        k_page_rows, util::count_noun(summary.findings, "finding", "findings"));
  }
  // Key and location share a column: the table has to fit a printed page.
  out += "<div class=\"scroll\">" + table_start({{"Severity"},
                                                 {"Rule"},
                                                 {"Key and location"},
                                                 {"Message"},
                                                 {"Evidence"},
                                                 {"Related rows"},
                                                 {"Status"}},
                                                "findings");
  size_t rows = 0;
  for (const auto& finding : result.findings) {
    if (rows++ == k_page_rows) break;
    append_finding_row(out, finding);
  }
  if (result.findings.empty()) out += "<tr><td colspan=\"7\">No findings.</td></tr>\n";
  out += "</tbody>\n</table></div>\n";
  if (paged) {
    out += fmt::format(
        "<nav class=\"pager\" id=\"pager\" hidden><button type=\"button\" id=\"page-prev\">"
        "Previous</button><span id=\"page-of\">page 1 of {}</span><button type=\"button\" "
        "id=\"page-next\">Next</button></nav>\n",
        pages);
    write_finding_data(out, result, sink);
  }
  out += "</section>\n";
}

// The files under the export that no dataset read, with their sizes and digests.
void write_unread_files(std::string& out, const std::vector<engine::UnreadFileDigest>& files) {
  if (files.empty()) return;
  out += fmt::format("<h3 id=\"unread-files\">Files no dataset read ({})</h3>\n", files.size()) +
         table_start({{"File"}, {"Bytes", true}, {"SHA-256"}});
  for (const auto& file : files) {
    out += fmt::format("<tr><td><code>{}</code></td><td class=\"num\">{}</td><td>{}</td></tr>\n",
                       esc(file.path), file.size,
                       file.sha256.empty() ? "not a regular file, not opened"
                                           : "<code>" + file.sha256 + "</code>");
  }
  out += k_table_end;
}

void write_coverage(std::string& out, const engine::ScanResult& result) {
  out += section_start("coverage", "Dataset coverage") + table_start({{"Dataset"},
                                                                      {"Files"},
                                                                      {"Rows loaded", true},
                                                                      {"Rows rejected", true},
                                                                      {"Missing fields"}});
  for (const auto& dataset : result.load.datasets) {
    std::string files = "<ul class=\"plain\">";
    for (const auto& file : dataset.files) {
      files += fmt::format(
          "<li><code>{}</code> <span class=\"small\">{}, {} loaded, {} "
          "rejected</span>{}</li>",
          esc(file.path), file.format, file.rows_loaded, file.rows_rejected,
          file.error.empty() ? "" : "<div class=\"error\">" + esc(file.error) + "</div>");
    }
    files += "</ul>";
    out += fmt::format(
        "<tr><td><code>{}</code><div class=\"small\">{}</div></td><td>{}</td>"
        "<td class=\"num\">{}</td><td class=\"num{}\">{}</td><td>{}</td></tr>\n",
        esc(dataset.spec->name), esc(dataset.spec->description), files, dataset.rows_loaded,
        dataset.rows_rejected ? " error" : "", dataset.rows_rejected,
        code_list(dataset.missing_fields()));
  }
  out += k_table_end;
  if (auto unread = result.unread_datasets(); !unread.empty()) {
    out += "<p class=\"note\">In the export but read by no selected rule (not loaded): " +
           code_list(unread) + ".</p>\n";
  }
  if (!result.load.absent.empty()) {
    out += "<p class=\"note\">Not in the export: " + code_list(result.load.absent) + ".</p>\n";
  }
  if (auto warnings = file_warnings(result.load); !warnings.empty()) {
    out += "<h3 id=\"warnings\">Warnings</h3>\n<ul>";
    for (const auto& warning : warnings)
      out += "<li>" + esc(warning) + "</li>";
    out += "</ul>\n";
  }
  write_unread_files(out, result.audit.unread);

  std::string rows;
  std::uint64_t problems = 0, shown = 0;
  for (const auto& dataset : result.load.datasets) {
    problems += dataset.rows_rejected + dataset.files_failed;
    for (const auto& diagnostic : dataset.diagnostics) {
      ++shown;
      std::string where = diagnostic.line > 0
                              ? fmt::format("{}:{}", diagnostic.path, diagnostic.line)
                              : diagnostic.path;
      rows += fmt::format("<tr><td><code>{}</code></td><td><code>{}</code></td><td>{}</td></tr>\n",
                          esc(dataset.spec->name), esc(where), esc(diagnostic.message));
    }
  }
  if (shown > 0) {
    out += "<h3>Rejected rows and unreadable files</h3>\n";
    // The loader keeps only the first diagnostics of each dataset.
    if (problems > shown) {
      out += fmt::format("<p class=\"note\">The first {} of {} problems.</p>\n", shown, problems);
    }
    out += table_start({{"Dataset"}, {"Where"}, {"Problem"}}, "diagnostics") + rows;
    out += k_table_end;
  }
  out += "</section>\n";
}

// The baseline's findings that this scan no longer finds, with the baseline's data.
void write_fixed_section(std::string& out, const engine::ScanResult& result) {
  if (!result.has_baseline) return;
  out += section_start("fixed", fmt::format("Fixed since the baseline ({})", result.fixed.size()));
  if (result.fixed.empty()) {
    out += "<p class=\"note\">Every finding of the baseline is still found.</p>\n</section>\n";
    return;
  }
  out += table_start({{"Rule"}, {"Severity"}, {"Key"}, {"Location"}, {"Message"}});
  for (const auto& fixed : result.fixed) {
    std::string where = fixed_location_text(fixed);
    out += fmt::format(
        "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td>"
        "</tr>\n",
        esc(fixed.rule), esc(fixed.severity), esc(fixed.key.value_or("(no key)")), esc(where),
        esc(fixed.message));
  }
  out += std::string(k_table_end) + "</section>\n";
}

void write_waivers(std::string& out, const engine::ScanResult& result, const ScanContext& context) {
  out += section_start("waivers", "Waiver register");
  if (result.waivers.empty()) {
    out += "<p class=\"note\">No waivers were given.</p>\n</section>\n";
    return;
  }
  out += table_start({{"Rule"},
                      {"Target"},
                      {"Reason"},
                      {"Approved by"},
                      {"Expires"},
                      {"State"},
                      {"Matched", true},
                      {"Source"}});
  for (const auto& waiver : result.waivers) {
    out += fmt::format(
        "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td class=\"num\">{}</td><td><code>{}</code></td></tr>\n",
        esc(waiver.rule), esc(waiver.target()), esc(waiver.reason), esc(waiver.approved_by),
        date_text(waiver.expires), badge("s", engine::waiver_state_name(waiver.state)),
        waiver.matched, esc(shown_location(waiver.location, context)));
  }
  out += std::string(k_table_end) + "</section>\n";
}

void write_audit(std::string& out, const engine::ScanResult& result, const ScanContext& context) {
  out += section_start("audit", "Audit trail") +
         "<p class=\"note\">SHA-256 digests of every input and rule file read, for "
         "<code>lethe verify</code>.</p>\n" +
         table_start({{"Kind"}, {"SHA-256"}, {"Path"}});
  auto rows = [&](std::string_view kind, const std::vector<engine::FileDigest>& digests) {
    for (const auto& digest : digests) {
      out += fmt::format("<tr><td>{}</td><td><code>{}</code></td><td><code>{}</code></td></tr>\n",
                         kind, esc(digest.sha256), esc(shown_path(digest.path, context)));
    }
  };
  rows("input", result.audit.inputs);
  rows("rule", result.audit.rules);
  out += fmt::format(
      "<tr><td>parameters</td><td><code>{}</code></td><td>effective parameters"
      "</td></tr>\n</tbody>\n</table>\n",
      esc(result.audit.params_sha256));
  if (!result.audit.params.empty()) {
    out += "<h3>Effective parameters</h3>\n<pre>" + esc(result.audit.params) + "</pre>\n";
  }
  out += "</section>\n";
}

}  // namespace

void write_html(const engine::ScanResult& result, const ScanContext& context, std::ostream& sink) {
  Summary summary = summarize(result);
  std::string verdict_text = verdict(context.exit_code);
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src {}; "
      "script-src {}; base-uri 'none'; form-action 'none'\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"Lethe {}\">\n<title>Lethe audit: {} — {}</title>\n"
      "<style>{}</style>\n</head>\n<body>\n",
      csp_hash(k_css), csp_hash(k_script), esc(LETHE_VERSION), verdict_text,
      esc(context.export_path), k_css);
  write_header(out, result, context);
  out += "<main>\n";
  write_overview(out, result, summary);
  write_outcome_rows(out, result);
  write_findings(out, result, summary, sink);
  write_fixed_section(out, result);
  write_coverage(out, result);
  write_waivers(out, result, context);
  write_audit(out, result, context);
  out += fmt::format(
      "</main>\n<footer>Lethe {} — audit of <code>{}</code> as of {}. This file is "
      "self-contained and loads nothing.</footer>\n<script>{}</script>\n"
      "</body>\n</html>\n",
      esc(LETHE_VERSION), esc(context.export_path), esc(as_of_text(result.as_of, context)),
      k_script);
  sink << out;
}

std::string render_html(const engine::ScanResult& result, const ScanContext& context) {
  std::ostringstream out;
  write_html(result, context, out);
  return std::move(out).str();
}

}  // namespace lethe::report
