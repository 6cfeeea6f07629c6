import { pointInGeometry } from '@gridops/domain';
import type { GridCellView } from '@gridops/contracts';
import { EMPTY_INTAKE, cellPoint, intakeRequest } from './intake-form';

describe('受理登记 form', () => {
  const filled = { ...EMPTY_INTAKE, categoryCode: 'E0102', description: '  小区门口垃圾  ', location: { lat: 31.2412345678, lng: 121.3812345678 }, gridCellCode: 'xincheng-02' };

  it('says which required fields are missing, and sends nothing', () => {
    expect(intakeRequest(EMPTY_INTAKE)).toEqual({ errors: { categoryCode: 'category', description: 'description', location: 'location' } });
  });

  it('builds the API’s report body: trimmed, rounded point, caller only when given', () => {
    expect(intakeRequest(filled)).toEqual({
      body: { source: 'hotline_12345', categoryCode: 'E0102', description: '小区门口垃圾', location: { lat: 31.241235, lng: 121.381235 } },
    });
    const walkIn = intakeRequest({ ...filled, source: 'citizen_app', callerName: ' 李女士 ', callerPhone: '139 0000 1111', address: '铜川路 1 号' });
    expect(walkIn).toMatchObject({ body: { source: 'citizen_app', reporter: { name: '李女士', phone: '139 0000 1111' }, address: '铜川路 1 号' } });
    expect(walkIn).not.toHaveProperty('body.addressId');
    const picked = intakeRequest({ ...filled, address: '梅川路1350弄', addressId: '6f1c2d3e-4a5b-4c6d-8e7f-001122334455' });
    expect(picked).toMatchObject({ body: { address: '梅川路1350弄', addressId: '6f1c2d3e-4a5b-4c6d-8e7f-001122334455' } });
  });

  it('refuses what the API would refuse, beside its field', () => {
    expect(intakeRequest({ ...filled, callerPhone: 'call me' })).toEqual({ errors: { callerPhone: 'callerPhone' } });
    expect(intakeRequest({ ...filled, description: 'x'.repeat(5000) })).toEqual({ errors: { description: 'descriptionTooLong' } });
  });

  it('places a report by its grid cell at a point inside that cell, even a cell whose box middle is outside it', () => {
    const square: GridCellView['geometry'] = { type: 'Polygon', coordinates: [[[121.37, 31.24], [121.38, 31.24], [121.38, 31.25], [121.37, 31.25], [121.37, 31.24]]] };
    expect(cellPoint({ geometry: square })).toEqual({ lat: 31.245, lng: 121.375 });
    // an L shape: the middle of its box is in the missing corner
    const ell: GridCellView['geometry'] = {
      type: 'Polygon',
      coordinates: [[[121.37, 31.24], [121.38, 31.24], [121.38, 31.242], [121.372, 31.242], [121.372, 31.25], [121.37, 31.25], [121.37, 31.24]]],
    };
    const p = cellPoint({ geometry: ell });
    expect(p).not.toBeNull();
    expect(pointInGeometry(p as { lat: number; lng: number }, ell)).toBe(true);
  });
});
