import { reportBody, searchCategories, validateReport, type ReportValues } from './report-form';
import { CATEGORIES, DISTRICT } from './testing/render-field';

const inside = { lat: 31.245, lng: 121.375, source: 'gps' as const };
const valid: ReportValues = { categoryCode: 'E0102', description: ' 路口暴露垃圾 ', location: inside, address: '' };
const ctx = { categories: CATEGORIES, district: { code: DISTRICT.code, name: '新城', geometry: DISTRICT.geometry } };

describe('the report form (上报)', () => {
  it('accepts a complete report inside the worker’s 片区', () => {
    expect(validateReport(valid, ctx)).toEqual({});
  });

  it('names every missing field', () => {
    expect(Object.keys(validateReport({ categoryCode: null, description: '   ', location: null, address: '' }, ctx)).sort()).toEqual(['categoryCode', 'description', 'location']);
  });

  it('refuses an unknown or inactive category, a point outside the 片区, and over-long text', () => {
    expect(validateReport({ ...valid, categoryCode: 'Z9999' }, ctx).categoryCode?.key).toBe('report.categoryRequired');
    const inactive = { ...ctx, categories: CATEGORIES.map((c) => ({ ...c, active: false })) };
    expect(validateReport(valid, inactive).categoryCode).toBeDefined();
    expect(validateReport({ ...valid, location: { lat: 31.3, lng: 121.5, source: 'map' } }, ctx).location).toEqual({ key: 'report.outsideDistrict', values: { district: '新城' } });
    expect(validateReport({ ...valid, description: 'x'.repeat(2001) }, ctx).description?.key).toBe('report.descriptionTooLong');
    expect(validateReport({ ...valid, address: 'x'.repeat(201) }, ctx).address?.key).toBe('report.addressTooLong');
  });

  it('builds a patrol report body, trimmed and rounded so every retry sends the same bytes', () => {
    expect(reportBody({ ...valid, location: { lat: 31.2451234567, lng: 121.3759876543, source: 'gps' }, address: ' 1号 ' })).toEqual({
      source: 'patrol',
      categoryCode: 'E0102',
      description: '路口暴露垃圾',
      location: { lat: 31.245123, lng: 121.375988 },
      address: '1号',
    });
  });

  it('finds categories by Chinese name, English name or code', () => {
    expect(searchCategories(CATEGORIES, '井盖').map((c) => c.code)).toEqual(['C0101']);
    expect(searchCategories(CATEGORIES, 'parking').map((c) => c.code)).toEqual(['E0505']);
    expect(searchCategories(CATEGORIES, 'e01').map((c) => c.code)).toEqual(['E0102']);
    expect(searchCategories(CATEGORIES, '')).toHaveLength(3);
  });
});
