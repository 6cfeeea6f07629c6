import {
  AreaGeometry,
  EDGE_TOLERANCE_DEG,
  MultiPolygonGeometry,
  PolygonGeometry,
  Position,
  bbox,
  findContaining,
  isValidLatLng,
  pointInGeometry,
} from './point-in-polygon';

/** Axis-aligned closed ring; coordinates near 长征镇 (121.40°E, 31.23°N) so the floats look real. */
const rect = (minLng: number, minLat: number, maxLng: number, maxLat: number): Position[] => [
  [minLng, minLat],
  [maxLng, minLat],
  [maxLng, maxLat],
  [minLng, maxLat],
  [minLng, minLat],
];
const polygon = (...rings: Position[][]): PolygonGeometry => ({ type: 'Polygon', coordinates: rings });
const pt = (lng: number, lat: number) => ({ lng, lat });

describe('pointInGeometry', () => {
  describe('square', () => {
    const square = polygon(rect(121.4, 31.22, 121.41, 31.23));

    it('contains its centre', () => {
      expect(pointInGeometry(pt(121.405, 31.225), square)).toBe(true);
    });
    it('does not contain points just outside each side', () => {
      expect(pointInGeometry(pt(121.399999, 31.225), square)).toBe(false);
      expect(pointInGeometry(pt(121.410001, 31.225), square)).toBe(false);
      expect(pointInGeometry(pt(121.405, 31.219999), square)).toBe(false);
      expect(pointInGeometry(pt(121.405, 31.230001), square)).toBe(false);
    });
    it('does not contain a point far outside its bbox', () => {
      expect(pointInGeometry(pt(116.4, 39.9), square)).toBe(false);
    });
    it('counts points on every edge as inside', () => {
      expect(pointInGeometry(pt(121.405, 31.22), square)).toBe(true);
      expect(pointInGeometry(pt(121.41, 31.225), square)).toBe(true);
      expect(pointInGeometry(pt(121.405, 31.23), square)).toBe(true);
      expect(pointInGeometry(pt(121.4, 31.225), square)).toBe(true);
    });
    it('counts every vertex as inside', () => {
      for (const [lng, lat] of rect(121.4, 31.22, 121.41, 31.23)) expect(pointInGeometry(pt(lng, lat), square)).toBe(true);
    });
    it('treats points within the edge tolerance as on the edge, and beyond it as outside', () => {
      expect(pointInGeometry(pt(121.41 + EDGE_TOLERANCE_DEG / 2, 31.225), square)).toBe(true);
      expect(pointInGeometry(pt(121.41 + EDGE_TOLERANCE_DEG * 10, 31.225), square)).toBe(false);
    });
    it('gives the same answers for an unclosed ring', () => {
      const open = polygon(rect(121.4, 31.22, 121.41, 31.23).slice(0, 4));
      expect(pointInGeometry(pt(121.405, 31.225), open)).toBe(true);
      expect(pointInGeometry(pt(121.4, 31.225), open)).toBe(true);
      expect(pointInGeometry(pt(121.399, 31.225), open)).toBe(false);
    });
    it('returns false for a non-finite point', () => {
      expect(pointInGeometry(pt(NaN, 31.225), square)).toBe(false);
      expect(pointInGeometry(pt(121.405, Infinity), square)).toBe(false);
    });
    it('returns false for an empty polygon', () => {
      expect(pointInGeometry(pt(121.405, 31.225), polygon())).toBe(false);
      expect(pointInGeometry(pt(121.405, 31.225), polygon([]))).toBe(false);
    });
  });

  describe('diagonal edges', () => {
    const triangle = polygon([
      [121.4, 31.22],
      [121.43, 31.22],
      [121.4, 31.27],
    ]);
    it('counts points interpolated along a slanted edge as inside despite float rounding', () => {
      for (let i = 0; i <= 10; i++) {
        const f = i / 10;
        const p = pt(121.43 + (121.4 - 121.43) * f, 31.22 + (31.27 - 31.22) * f);
        expect([f, pointInGeometry(p, triangle)]).toEqual([f, true]);
      }
    });
    it('excludes points just beyond the slanted edge', () => {
      expect(pointInGeometry(pt(121.415 + 1e-6, 31.245 + 1e-6), triangle)).toBe(false);
      expect(pointInGeometry(pt(121.415 - 1e-6, 31.245 - 1e-6), triangle)).toBe(true);
    });
  });

  describe('concave polygon (U shape)', () => {
    // Two arms 121.40–121.41 and 121.42–121.43 joined by a base 31.20–31.21; the notch is open at the top.
    const u = polygon([
      [121.4, 31.2],
      [121.43, 31.2],
      [121.43, 31.24],
      [121.42, 31.24],
      [121.42, 31.21],
      [121.41, 31.21],
      [121.41, 31.24],
      [121.4, 31.24],
      [121.4, 31.2],
    ]);
    it('contains points in both arms and the base', () => {
      expect(pointInGeometry(pt(121.405, 31.23), u)).toBe(true);
      expect(pointInGeometry(pt(121.425, 31.23), u)).toBe(true);
      expect(pointInGeometry(pt(121.415, 31.205), u)).toBe(true);
    });
    it('excludes the notch even though it is inside the bbox', () => {
      expect(pointInGeometry(pt(121.415, 31.23), u)).toBe(false);
    });
    it('handles a ray passing exactly through vertices (lat of the notch floor)', () => {
      expect(pointInGeometry(pt(121.405, 31.21), u)).toBe(true);
      expect(pointInGeometry(pt(121.399, 31.21), u)).toBe(false);
      expect(pointInGeometry(pt(121.415, 31.21), u)).toBe(true); // on the notch floor edge
      expect(pointInGeometry(pt(121.415, 31.24), u)).toBe(false); // between the arm tops, not on an edge
    });
  });

  describe('polygon with a hole', () => {
    const holed = polygon(rect(121.4, 31.22, 121.44, 31.26), rect(121.41, 31.23, 121.43, 31.25));
    it('excludes points in the hole', () => {
      expect(pointInGeometry(pt(121.42, 31.24), holed)).toBe(false);
    });
    it('includes points between the outer ring and the hole', () => {
      expect(pointInGeometry(pt(121.405, 31.24), holed)).toBe(true);
      expect(pointInGeometry(pt(121.42, 31.255), holed)).toBe(true);
    });
    it('counts the hole boundary as inside (the area is closed)', () => {
      expect(pointInGeometry(pt(121.41, 31.24), holed)).toBe(true);
      expect(pointInGeometry(pt(121.43, 31.25), holed)).toBe(true);
    });
  });

  describe('multipolygon', () => {
    const multi: MultiPolygonGeometry = {
      type: 'MultiPolygon',
      coordinates: [[rect(121.4, 31.22, 121.41, 31.23)], [rect(121.45, 31.22, 121.47, 31.24), rect(121.455, 31.225, 121.465, 31.235)]],
    };
    it('contains points in any member polygon', () => {
      expect(pointInGeometry(pt(121.405, 31.225), multi)).toBe(true);
      expect(pointInGeometry(pt(121.452, 31.23), multi)).toBe(true);
    });
    it('excludes the gap between members and the hole of a member', () => {
      expect(pointInGeometry(pt(121.43, 31.225), multi)).toBe(false);
      expect(pointInGeometry(pt(121.46, 31.23), multi)).toBe(false);
    });
    it('counts a member edge as inside', () => {
      expect(pointInGeometry(pt(121.45, 31.23), multi)).toBe(true);
    });
  });
});

describe('findContaining', () => {
  // Two grid cells (网格) sharing the edge lng = 121.41.
  const west = { id: 'west', geometry: polygon(rect(121.4, 31.22, 121.41, 31.23)) };
  const east = { id: 'east', geometry: polygon(rect(121.41, 31.22, 121.42, 31.23)) };

  it('finds the cell strictly containing the point', () => {
    expect(findContaining(pt(121.405, 31.225), [west, east])?.id).toBe('west');
    expect(findContaining(pt(121.415, 31.225), [west, east])?.id).toBe('east');
  });
  it('finds a point on the shared edge in the first listed cell', () => {
    expect(findContaining(pt(121.41, 31.225), [west, east])?.id).toBe('west');
    expect(findContaining(pt(121.41, 31.225), [east, west])?.id).toBe('east');
    expect(pointInGeometry(pt(121.41, 31.225), west.geometry)).toBe(true);
    expect(pointInGeometry(pt(121.41, 31.225), east.geometry)).toBe(true);
  });
  it('finds a shared corner', () => {
    expect(findContaining(pt(121.41, 31.23), [east, west])?.id).toBe('east');
  });
  it('returns undefined when no cell contains the point, or there are none', () => {
    expect(findContaining(pt(121.5, 31.225), [west, east])).toBeUndefined();
    expect(findContaining(pt(121.405, 31.225), [])).toBeUndefined();
  });

  it('leaves no gap along a slanted shared border (every sampled point is found)', () => {
    // A square split along its diagonal into two triangles; sample a grid that hits the diagonal.
    const a = { id: 'a', geometry: polygon([[121.4, 31.2], [121.43, 31.2], [121.43, 31.23]]) };
    const b = { id: 'b', geometry: polygon([[121.4, 31.2], [121.43, 31.23], [121.4, 31.23]]) };
    const missing: string[] = [];
    for (let i = 0; i <= 30; i++) {
      for (let j = 0; j <= 30; j++) {
        const p = pt(121.4 + (i * 0.03) / 30, 31.2 + (j * 0.03) / 30);
        if (!findContaining(p, [a, b])) missing.push(`${p.lng},${p.lat}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('bbox', () => {
  it('bounds a polygon as [minLng, minLat, maxLng, maxLat]', () => {
    expect(bbox(polygon(rect(121.4, 31.22, 121.41, 31.23)))).toEqual([121.4, 31.22, 121.41, 31.23]);
  });
  it('bounds every member of a multipolygon', () => {
    const multi: AreaGeometry = {
      type: 'MultiPolygon',
      coordinates: [[rect(121.4, 31.22, 121.41, 31.23)], [rect(121.45, 31.2, 121.47, 31.24)]],
    };
    expect(bbox(multi)).toEqual([121.4, 31.2, 121.47, 31.24]);
  });
  it('throws on a geometry without positions', () => {
    expect(() => bbox(polygon())).toThrow(/no positions/);
    expect(() => bbox({ type: 'MultiPolygon', coordinates: [] })).toThrow(/no positions/);
  });
});

describe('isValidLatLng', () => {
  it('accepts finite in-range numbers, boundaries included', () => {
    expect(isValidLatLng({ lat: 31.23, lng: 121.4 })).toBe(true);
    expect(isValidLatLng({ lat: 90, lng: 180 })).toBe(true);
    expect(isValidLatLng({ lat: -90, lng: -180 })).toBe(true);
    expect(isValidLatLng({ lat: 0, lng: 0 })).toBe(true);
  });
  it('rejects out-of-range values', () => {
    expect(isValidLatLng({ lat: 90.0001, lng: 121.4 })).toBe(false);
    expect(isValidLatLng({ lat: 31.23, lng: -180.0001 })).toBe(false);
  });
  it('rejects swapped GeoJSON order when lat would be out of range', () => {
    expect(isValidLatLng({ lat: 121.4, lng: 31.23 })).toBe(false);
  });
  it('rejects non-numbers and non-finite numbers', () => {
    expect(isValidLatLng({ lat: '31.23', lng: 121.4 })).toBe(false);
    expect(isValidLatLng({ lat: 31.23, lng: null })).toBe(false);
    expect(isValidLatLng({ lat: undefined, lng: 121.4 })).toBe(false);
    expect(isValidLatLng({ lat: NaN, lng: 121.4 })).toBe(false);
    expect(isValidLatLng({ lat: 31.23, lng: Infinity })).toBe(false);
  });
  it('rejects a missing object from an untrusted body', () => {
    expect(isValidLatLng(null as unknown as { lat: unknown; lng: unknown })).toBe(false);
  });
});
