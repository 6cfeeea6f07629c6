import { render, screen, within } from '@testing-library/react';
import type { KpiPeriod } from '@gridops/contracts';
import { MemoryRouter } from 'react-router';
import { KpiStrip as Strip } from './KpiStrip';
import './messages';

/** The strip as the board shows it: in the router (its figures are links), for the town on 2026-12-07. */
function KpiStrip(props: Omit<Parameters<typeof Strip>[0], 'date' | 'district'>) {
  return (
    <MemoryRouter>
      <Strip {...props} date="2026-12-07" district={null} />
    </MemoryRouter>
  );
}

const period = (over: Partial<KpiPeriod> = {}): KpiPeriod => ({
  from: '2026-11-26T16:00:00.000Z',
  new: 128,
  filed: 97,
  closed: 64,
  becameOverdue: 2,
  open: 5012,
  awaiting: 40,
  inProgress: 1830,
  nearDue: 12,
  overdue: 0,
  supervised: 3,
  suspended: 1,
  rates: { onTimeRate: 0.934, closureRate: 0.8, reworkRate: 0.02, grassRootsRate: 0.87 },
  bases: { dueToClose: 70, closed: 64, closedOnTime: 61, handled: 66, reworked: 1, grassRootsBase: 100, grassRootsSolved: 87 },
  ...over,
});

describe('KPI strip', () => {
  it("shows today's counts, with this month's under the period counts", () => {
    render(<KpiStrip today={period()} month={period({ new: 3456, filed: 2900, closed: 2500 })} target={0.9} scope="全镇" />);
    const tile = screen.getByTestId('kpi-new');
    expect(within(tile).getByText('128')).toBeInTheDocument();
    expect(within(tile).getByText('新增')).toBeInTheDocument();
    expect(within(tile).getByText('本月 3,456')).toBeInTheDocument();
    expect(within(screen.getByTestId('kpi-inProgress')).getByText('1,830')).toBeInTheDocument();
    // a live-state count is the same in both periods: no month figure under it
    expect(within(screen.getByTestId('kpi-inProgress')).queryByText(/本月/)).toBeNull();
  });

  it('colours overdue, near due and supervised counts only when they are not zero', () => {
    render(<KpiStrip today={period({ overdue: 5 })} month={period()} target={0.9} scope="全镇" />);
    expect(screen.getByTestId('kpi-overdue')).toHaveAttribute('data-tone', 'alarm');
    expect(screen.getByTestId('kpi-nearDue')).toHaveAttribute('data-tone', 'warn');
    expect(screen.getByTestId('kpi-supervised')).toHaveAttribute('data-tone', 'notice');
    expect(screen.getByTestId('kpi-new')).toHaveAttribute('data-tone', 'plain');
  });

  it('holds the on-time and grass-roots rates against the target: green above, yellow just under, red below', () => {
    render(
      <KpiStrip
        today={period({ rates: { onTimeRate: 0.934, closureRate: null, reworkRate: null, grassRootsRate: 0.87 } })}
        month={period({ rates: { onTimeRate: 0.8, closureRate: null, reworkRate: null, grassRootsRate: 0.95 } })}
        target={0.9}
        scope="全镇"
      />,
    );
    const onTime = screen.getByTestId('rate-onTimeRate');
    expect(onTime).toHaveAttribute('data-tone', 'good');
    expect(screen.getByTestId('rate-onTimeRate-value')).toHaveTextContent('93.4%');
    expect(within(onTime).getByText(/目标 90%/)).toBeInTheDocument();
    expect(within(onTime).getByText(/本月 80%/)).toBeInTheDocument();
    // the base beside the rate, each number opening the cases it counts
    expect(onTime).toHaveTextContent('61 / 70 件');
    expect(within(onTime).getByRole('link', { name: '70' })).toHaveAttribute('href', expect.stringContaining('kpi=due&kpiFrom=2026-12-07&kpiTo=2026-12-07'));
    expect(within(onTime).getByRole('link', { name: '61' })).toHaveAttribute('href', expect.stringContaining('kpi=due_on_time'));
    expect(within(screen.getByTestId('kpi-overdue')).getByRole('link')).toHaveAttribute('href', expect.stringContaining('light=red'));
    expect(screen.getByTestId('rate-grassRootsRate')).toHaveAttribute('data-tone', 'warn');
  });

  it('says "—" and stays uncoloured when a rate has no denominator yet', () => {
    render(<KpiStrip today={period({ rates: { onTimeRate: null, closureRate: null, reworkRate: null, grassRootsRate: 0.5 } })} month={period()} target={0.9} scope="金沙" />);
    expect(screen.getByTestId('rate-onTimeRate')).toHaveAttribute('data-tone', 'none');
    expect(screen.getByTestId('rate-onTimeRate-value')).toHaveTextContent('—');
    expect(screen.getByTestId('rate-grassRootsRate')).toHaveAttribute('data-tone', 'bad');
    expect(screen.getByText('金沙')).toBeInTheDocument();
  });
});
