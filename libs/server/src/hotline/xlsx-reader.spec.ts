import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { ApiError } from '../platform/errors/api-error';
import { readHotlineFile } from './hotline-file-reader';

/** The streamed XLSX reader on damaged input: every broken workbook is a 4xx with a reason, never anything else. */
describe('XLSX reader on damaged workbooks', () => {
  let valid: Buffer;

  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('工单');
    sheet.addRow(['工单号', '诉求内容', '来电时间', '分类']);
    sheet.addRow([20261207001, '垃圾 & <杂物>', new Date(Date.UTC(2026, 11, 7, 9, 30)), { formula: 'A2&"x"', result: 'y' }]);
    sheet.getCell('C2').numFmt = 'yyyy-mm-dd hh:mm';
    valid = Buffer.from(await wb.xlsx.writeBuffer());
  });

  it('reads the intact workbook: numbers, dates, text, formulas as their text', async () => {
    const sheet = await readHotlineFile(valid, 10);
    expect(sheet.headers).toEqual(['工单号', '诉求内容', '来电时间', '分类']);
    expect(sheet.rows).toEqual([{ row: 2, cells: [20261207001, '垃圾 & <杂物>', new Date(Date.UTC(2026, 11, 7, 9, 30)), '=A2&"x"'] }]);
  });

  it('answers a 4xx (or reads it) for any workbook with bytes flipped, cut short or spliced', async () => {
    const damaged = fc.oneof(
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }).map((flips) => {
        const b = Buffer.from(valid);
        for (const [at, byte] of flips) b[at % b.length] = byte;
        return b;
      }),
      fc.nat().map((n) => valid.subarray(0, 4 + (n % valid.length))),
      fc.tuple(fc.nat(), fc.uint8Array({ maxLength: 64 })).map(([at, bytes]) => Buffer.concat([valid.subarray(0, at % valid.length), Buffer.from(bytes), valid.subarray(at % valid.length)])),
    );
    await fc.assert(
      fc.asyncProperty(damaged, async (file) => {
        try {
          await readHotlineFile(file, 10);
        } catch (err) {
          if (!(err instanceof ApiError) || err.getStatus() >= 500) throw err;
        }
      }),
      { seed: 20261207, numRuns: 400 },
    );
  });
});
