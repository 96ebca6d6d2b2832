// In-page half of bench/map-redraw.bench.ts: runs inside Chromium, on the app's page and on the
// plain-Leaflet baseline page. Plain JS so that nothing is transpiled into the page.
/* global L, topojson */

/** Resolves in the next animation frame, after every callback queued before it (Leaflet's redraws). */
function nextFrame() {
  return new Promise(resolve => requestAnimationFrame(() => resolve()))
}

/**
 * Makes the frame's work happen now: style and layout of the map's DOM (labels), and every map
 * canvas's queued drawing, which Chromium records and rasterizes lazily — reading one pixel back
 * forces the raster.
 */
function flush(container) {
  void container.getBoundingClientRect()
  for (const canvas of container.querySelectorAll('canvas')) {
    if (canvas.width > 0 && canvas.height > 0)
      canvas.getContext('2d').getImageData(0, 0, 1, 1)
  }
}

function apply(map, op) {
  if (op.kind === 'pan')
    map.panBy([op.dx, op.dy], { animate: false })
  else if (op.kind === 'zoom')
    map.setZoom(op.zoom, { animate: false })
  else if (op.kind === 'fit')
    map.fitBounds(op.bounds, { animate: false })
}

/**
 * One timed step, as main-thread work caused by the move, without the idle wait for the next
 * frame: the move itself (Leaflet's move/zoom/moveend handlers, which draw on canvases) with its
 * drawing rasterized at once (flush), plus the next frame's work (a frame callback queued before
 * the move runs first in that frame, one queued after it runs after Leaflet's own queued redraws,
 * then flush again). `latency` is t0 → end including the wait for that frame.
 */
async function timed(map, op) {
  await nextFrame()
  await nextFrame()
  let frameStart = 0
  requestAnimationFrame(() => {
    frameStart = performance.now()
  })
  const t0 = performance.now()
  apply(map, op)
  flush(map.getContainer())
  const t1 = performance.now()
  await nextFrame()
  flush(map.getContainer())
  const end = performance.now()
  return { busy: (t1 - t0) + (end - frameStart), latency: end - t0 }
}

/** The scripted pans and zooms around one view level; `zoom` is the level's fitted zoom. */
function opsAt(zoom, rounds) {
  const ops = []
  for (let r = 0; r < rounds; r++) {
    ops.push(
      { kind: 'pan', dx: 300, dy: 0 },
      { kind: 'pan', dx: 0, dy: 200 },
      { kind: 'zoom', zoom: zoom + 1 },
      { kind: 'pan', dx: -300, dy: 0 },
      { kind: 'zoom', zoom },
      { kind: 'pan', dx: 0, dy: -200 },
      { kind: 'zoom', zoom: zoom - 0.5 },
      { kind: 'pan', dx: 700, dy: 350 },
      { kind: 'zoom', zoom },
      { kind: 'pan', dx: -700, dy: -350 },
    )
  }
  return ops
}

window.__redrawBench = {
  /** Times the scripted moves at each level: { [level]: { pan: ms[], zoom: ms[], all: ms[] } }. */
  async run(map, levels, rounds) {
    const out = {}
    for (const level of levels) {
      map.fitBounds(level.bounds, { animate: false, maxZoom: 16 })
      await nextFrame()
      const zoom = map.getZoom()
      const times = { zoom: map.getZoom(), pan: [], zoomOps: [], all: [], latency: [] }
      for (const op of opsAt(zoom, rounds)) {
        const { busy, latency } = await timed(map, op)
        times.all.push(busy)
        times.latency.push(latency)
        ;(op.kind === 'pan' ? times.pan : times.zoomOps).push(busy)
      }
      out[level.name] = times
    }
    return out
  },

  /** The same wait and flush with no move: the floor under every figure. */
  async floor(map, n) {
    const times = []
    for (let i = 0; i < n; i++)
      times.push(await timed(map, { kind: 'none' }))
    return { busy: times.map(t => t.busy), latency: times.map(t => t.latency) }
  },

  /** The plain-Leaflet baseline: every grid as an L.Polygon on one canvas renderer. */
  async baseline(width, height, style) {
    const el = document.getElementById('map')
    el.style.width = `${width}px`
    el.style.height = `${height}px`
    const fc = await (await fetch('/api/layers/grids')).json()
    const map = L.map(el, { preferCanvas: true, zoomControl: false, attributionControl: false, zoomSnap: 0.5, maxZoom: 19 })
    L.geoJSON(fc, { style: () => style }).addTo(map)
    map.setView([36.2, 117.1], 12)
    await nextFrame()
    window.__baselineMap = map
    return fc.features.length
  },

  /** Browser decode of the grid layer in each encoding: median ms of `n` runs, after the download. */
  async decode(n) {
    const geoText = await (await fetch('/api/layers/grids')).text()
    const topoText = await (await fetch('/bench/grids.topojson')).text()
    const median = xs => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]
    const geo = []
    const topo = []
    let features = 0
    for (let i = 0; i < n; i++) {
      let t0 = performance.now()
      features = JSON.parse(geoText).features.length
      geo.push(performance.now() - t0)
      t0 = performance.now()
      const t = JSON.parse(topoText)
      features = Math.min(features, topojson.feature(t, t.objects.grids).features.length)
      topo.push(performance.now() - t0)
    }
    return { geojsonMs: median(geo), topojsonMs: median(topo), features, geojsonChars: geoText.length, topojsonChars: topoText.length }
  },
}
