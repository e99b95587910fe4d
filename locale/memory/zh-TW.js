// Builds locale/memory/zh-TW.json, the zh-TW translation memory of
// internal/catalogmigrate: every zh-CN literal converted with OpenCC's
// phrase-level Taiwan conversion (cn -> twp), added to the entries the
// memory has already. Run with opencc-js installed (npm install opencc-js)
// on the JSON written by `catalogmigrate -n -pairs pairs.json .`:
//   NODE_PATH=DIR/node_modules node locale/memory/zh-TW.js pairs.json locale/memory/zh-TW.json
const OpenCC = require('opencc-js');
const fs = require('fs');
const conv = OpenCC.Converter({ from: 'cn', to: 'twp' });
const pairs = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const out = fs.existsSync(process.argv[3]) ? JSON.parse(fs.readFileSync(process.argv[3], 'utf8')) : {};
for (const p of pairs) if (!(p.zh in out)) out[p.zh] = conv(p.zh);
const sorted = {};
for (const k of Object.keys(out).sort()) sorted[k] = out[k];
fs.writeFileSync(process.argv[3], JSON.stringify(sorted, null, 2) + '\n');
