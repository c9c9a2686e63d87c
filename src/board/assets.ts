// The page the board serves: web/index.html, web/board.css, uPlot's stylesheet, and one script bundled by esbuild at
// start-up from web/app.js. The bundle takes uPlot from node_modules and the smoothing arithmetic from
// train/smooth.ts — the same EMA and seed mean as the PNG plots — so nothing is fetched at run time (no CDN) and
// the browser and `ahpo plot` cannot disagree about what a smoothed curve is.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface Asset {
  body: Buffer;
  type: string;
}

const WEB = (name: string): string => fileURLToPath(new URL(`./web/${name}`, import.meta.url));

/** Bundles the front end; about a tenth of a second, once per `ahpo board`. */
export async function buildAssets(): Promise<Map<string, Asset>> {
  const esbuild = await import('esbuild');
  const out = await esbuild.build({
    entryPoints: [WEB('app.js')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    legalComments: 'inline',
  });
  const uplotCss = createRequire(import.meta.url).resolve('uplot/dist/uPlot.min.css');
  return new Map<string, Asset>([
    ['/', { body: readFileSync(WEB('index.html')), type: 'text/html; charset=utf-8' }],
    ['/app.js', { body: Buffer.from(out.outputFiles[0].contents), type: 'text/javascript; charset=utf-8' }],
    ['/board.css', { body: readFileSync(WEB('board.css')), type: 'text/css; charset=utf-8' }],
    ['/uplot.css', { body: readFileSync(uplotCss), type: 'text/css; charset=utf-8' }],
  ]);
}
