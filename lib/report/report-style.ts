/**
 * The CSS every epikit report page starts with: page frame, header and metadata, key figures,
 * sections, figures and captions, data tables. Each report appends its own rules.
 */
export const REPORT_BASE_CSS = `
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6472; --rule: #e3e6ea; --accent: #b2182b; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f7f9; color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1168px; margin: 0 auto; padding: 24px; background: #fff; }
header h1 { font-size: 26px; margin: 0 0 4px; }
.subtitle { color: var(--muted); margin: 0 0 14px; }
dl.meta { display: grid; grid-template-columns: 110px 1fr; gap: 2px 12px; margin: 0 0 16px; font-size: 12.5px; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.keys { display: flex; flex-wrap: wrap; gap: 10px; margin-bottom: 8px; }
.key { border: 1px solid var(--rule); border-radius: 6px; padding: 8px 12px; min-width: 190px; background: #fafbfc; }
.key span { display: block; color: var(--muted); font-size: 12px; }
.key strong { font-size: 18px; }
section { border-top: 1px solid var(--rule); margin-top: 26px; padding-top: 6px; }
h2 { font-size: 20px; margin: 10px 0 4px; }
h3 { font-size: 15px; margin: 0 0 6px; }
.intro { color: var(--muted); max-width: 900px; margin: 0 0 12px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 24px; }
figure { margin: 0 0 22px; }
figure.narrow { max-width: 720px; }
figcaption { color: var(--muted); font-size: 12.5px; margin-top: 4px; max-width: 900px; }
.chart svg { overflow: visible; }
.chart { overflow-x: auto; }
.empty { color: var(--muted); font-style: italic; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
table.data { border-collapse: collapse; font-size: 12.5px; }
table.data th, table.data td { border: 1px solid var(--rule); padding: 4px 8px; text-align: left; vertical-align: top; }
table.data thead th { background: #f0f2f5; }
table.data td.num { text-align: right; font-variant-numeric: tabular-nums; }
`;
