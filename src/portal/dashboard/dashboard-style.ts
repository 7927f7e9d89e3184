/**
 * The dashboard's stylesheet: the public pages' colours and type (public-page-style.ts), laid out
 * for figures: cards that wrap two to a row on a phone, charts in fixed-height boxes that
 * Chart.js fills, tables that scroll sideways inside their box rather than widen the page.
 */
export const DASHBOARD_STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;font-size:1rem;line-height:1.5;color:#1b1b1b;background:#f4f6f8}
header{background:#0b4f8a;color:#fff;padding:.75rem 1rem}
header p{margin:0;font-weight:600}
main{max-width:72rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;margin:.25rem 0 .25rem}
h2{font-size:1.15rem;margin:0 0 .75rem}
.period{color:#3d3d3d;margin:0 0 1rem}
form{display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-end;margin:0 0 1rem}
form div{display:flex;flex-direction:column;min-width:9rem;flex:1 1 9rem}
label{font-weight:600;font-size:.9rem;margin-bottom:.2rem}
input{font:inherit;padding:.5rem .6rem;border:2px solid #5a5a5a;border-radius:.375rem;background:#fff;width:100%}
button{font:inherit;font-weight:600;padding:.55rem 1.25rem;min-height:2.75rem;border:0;border-radius:.375rem;background:#0b4f8a;color:#fff;cursor:pointer}
input:focus,button:focus,summary:focus{outline:3px solid #f2a900;outline-offset:2px}
.alert{border-left:.375rem solid #b00020;background:#fdecee;color:#5c0011;padding:.75rem 1rem;margin:1rem 0}
.cards{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:.75rem;margin:0 0 1rem;padding:0;list-style:none}
.cards li{background:#fff;border-radius:.5rem;padding:.75rem;border:1px solid #d7dde3}
.cards .label{display:block;font-size:.85rem;color:#3d3d3d}
.cards .value{display:block;font-size:1.5rem;font-weight:700;color:#0b4f8a}
.panel{background:#fff;border-radius:.5rem;border:1px solid #d7dde3;padding:1rem;margin:0 0 1rem}
.chart{position:relative;height:18rem;width:100%}
.table{overflow-x:auto;margin-top:.75rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e3e7eb;white-space:nowrap}
td.n,th.n{text-align:right}
summary{cursor:pointer;font-weight:600;margin-top:.5rem}
.empty{color:#3d3d3d}
[hidden]{display:none!important}
@media (min-width:48rem){.cards{grid-template-columns:repeat(3,minmax(0,1fr))}.grid{display:grid;grid-template-columns:1fr 1fr;gap:1rem}.grid .panel{margin:0 0 1rem}}
@media (min-width:64rem){.cards{grid-template-columns:repeat(6,minmax(0,1fr))}}
`;
