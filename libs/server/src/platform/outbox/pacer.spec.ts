import { Pacer } from './pacer';

describe('Pacer', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('runs at once when idle, then folds the requests of one interval into one run at its end', () => {
    let runs = 0;
    const pacer = new Pacer(10, () => runs++);
    pacer.request();
    expect(runs).toBe(1);
    for (let i = 0; i < 5; i++) pacer.request();
    expect(runs).toBe(1);
    jest.advanceTimersByTime(9);
    expect(runs).toBe(1);
    jest.advanceTimersByTime(1);
    expect(runs).toBe(2);
  });

  it('runs at once again after a quiet interval', () => {
    let runs = 0;
    const pacer = new Pacer(10, () => runs++);
    pacer.request();
    jest.advanceTimersByTime(25);
    pacer.request();
    expect(runs).toBe(2);
  });

  it('drops a scheduled run when cancelled', () => {
    let runs = 0;
    const pacer = new Pacer(10, () => runs++);
    pacer.request();
    pacer.request();
    pacer.cancel();
    jest.advanceTimersByTime(50);
    expect(runs).toBe(1);
  });
});
