// Sizes: dist/extension.js (the entry) and the lazily loaded chunks next to it as shipped (read from the VSIX, so a concurrent dev build of dist/ cannot skew it) and the
// VSIX itself, plus what is inside it (largest files; source maps, sandbox or tests that should not be there).
import fs from 'node:fs';

/** Entries of a zip file from its central directory: [{name, size (uncompressed), compressed}]. */
export function zipEntries(file) {
  const buf = fs.readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${n}`);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    out.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), size, compressed });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

export function measureSizes({ vsix, controlVsix, distFileBytesAfterPackage }) {
  const entries = zipEntries(vsix);
  const ext = entries.find((e) => e.name === 'extension/dist/extension.js');
  if (!ext) throw new Error(`${vsix} has no extension/dist/extension.js`);
  const forbidden = entries
    .map((e) => e.name)
    .filter((n) => /\.map$/.test(n) || /^extension\/(sandbox|test|out\/sandbox|out\/test|src)\//.test(n));
  // The extension host code: the entry plus the chunks it require()s lazily (docs/architecture.md).
  const chunks = entries
    .filter((e) => /^extension\/dist\/[^/]+\.js$/.test(e.name))
    .map(({ name, size }) => ({ name: name.replace(/^extension\//, ''), size }))
    .sort((a, b) => (a.name === 'dist/extension.js' ? -1 : b.name === 'dist/extension.js' ? 1 : b.size - a.size));
  return {
    extensionJsBytes: ext.size,
    extensionHostChunks: chunks,
    extensionHostJsBytes: chunks.reduce((sum, c) => sum + c.size, 0),
    distFileBytesAfterPackage,
    vsixBytes: fs.statSync(vsix).size,
    vsixFiles: entries.length,
    vsixLargest: [...entries].sort((a, b) => b.size - a.size).slice(0, 4).map(({ name, size }) => ({ name: name.replace(/^extension\//, ''), size })),
    vsixForbidden: forbidden,
    controlVsixBytes: controlVsix && fs.existsSync(controlVsix) ? fs.statSync(controlVsix).size : null,
  };
}
