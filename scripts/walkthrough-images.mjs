#!/usr/bin/env node
// Regenerates the walkthrough's images (media/walkthrough/*.jpg) from the E2E screenshots in docs/images/, scaled
// down and JPEG-encoded by headless Chromium (no image tool is a dependency) so the VSIX stays small.
// usage: node scripts/walkthrough-images.mjs   (after the E2E flows refreshed docs/images)
/* global Image, document -- page.evaluate() runs in Chromium */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, launchBrowser } from './harness/lib.mjs';

// walkthrough image ← screenshot (optionally a crop of it), at most `width` px wide (the media column is ~600 px)
const IMAGES = [
  // the welcome view's two buttons and the key prompt above them
  { out: 'connect.jpg', from: 'add-connection-key.png', width: 640, crop: { x: 0, y: 0, width: 640, height: 260 } },
  { out: 'browse.jpg', from: 'explorer-contacts.png', width: 520 },
  { out: 'edit.jpg', from: 'form-server-error.png', width: 800 },
  { out: 'job.jpg', from: 'unlock-confirmation.png', width: 580 },
];

const { context, close } = await launchBrowser();
try {
  const page = await context.newPage();
  for (const { out, from, width, crop } of IMAGES) {
    const png = fs.readFileSync(path.join(ROOT, 'docs/images', from)).toString('base64');
    const jpeg = await page.evaluate(
      async ({ png, width, crop }) => {
        const img = new Image();
        img.src = `data:image/png;base64,${png}`;
        await img.decode();
        const c = crop ?? { x: 0, y: 0, width: img.naturalWidth, height: img.naturalHeight };
        const scale = Math.min(1, width / c.width);
        const canvas = document.createElement('canvas');
        canvas.width = Math.round(c.width * scale);
        canvas.height = Math.round(c.height * scale);
        const g = canvas.getContext('2d');
        g.imageSmoothingQuality = 'high';
        g.drawImage(img, c.x, c.y, c.width, c.height, 0, 0, canvas.width, canvas.height);
        return canvas.toDataURL('image/jpeg', 0.82).split(',')[1];
      },
      { png, width, crop },
    );
    const file = path.join(ROOT, 'media/walkthrough', out);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, Buffer.from(jpeg, 'base64'));
    console.log(`${path.relative(ROOT, file)}: ${fs.statSync(file).size} bytes`);
  }
} finally {
  await close();
}
