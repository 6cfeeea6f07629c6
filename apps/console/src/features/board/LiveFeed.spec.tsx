import { fireEvent, render, screen, within } from '@testing-library/react';
import { LiveFeed } from './LiveFeed';
import type { FeedEntry } from './feed';
import './messages';

const entry = (over: Partial<FeedEntry>): FeedEntry => ({
  key: '1', caseId: 'c1', time: '14:30:05', number: 'CZ-20261127-0042', districtCode: 'jinsha', gridCellCode: 'jinsha-02', district: '金沙', category: '暴露垃圾', what: '派遣 → 待签收', tone: 'info', seeded: false, ...over,
});

describe('LiveFeed', () => {
  it('lists the lines newest first and opens the case on click', () => {
    const onOpen = jest.fn();
    render(<LiveFeed entries={[entry({ key: '2', caseId: 'c2', what: '新上报 · 待受理', tone: 'new' }), entry({})]} onOpen={onOpen} />);
    const lines = screen.getAllByTestId('feed-entry');
    expect(lines).toHaveLength(2);
    expect(within(lines[0]).getByText('新上报 · 待受理')).toBeInTheDocument();
    expect(within(lines[1]).getByText('金沙 · 暴露垃圾')).toBeInTheDocument();
    fireEvent.click(lines[1]);
    expect(onOpen).toHaveBeenCalledWith('c1');
  });

  it('says it is waiting when nothing has happened yet', () => {
    render(<LiveFeed entries={[]} onOpen={jest.fn()} />);
    expect(screen.getByText('等待实时事件…')).toBeInTheDocument();
  });
});
