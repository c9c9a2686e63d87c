// The rendering API task generators use: SVG builders, the path font, and the rasteriser.
export * from './svg.js';
export * from './glyphs.js';
export * from './raster.js';
