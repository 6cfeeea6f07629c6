import { SearchOutlined } from '@ant-design/icons';
import { Button, Empty, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCaseList } from '../../api/queries';
import { StateTag } from '../../ui/StateTag';
import './messages';

/** Cases looked up across every view at most, to offer from an empty view. */
const SHOWN = 5;

/**
 * What an empty view says when it was searched: a number (or text) that is not in this view is looked up in every
 * case, open or finished, and what is found there is offered — open one, or search everywhere — rather than "no cases".
 */
export function SearchEverywhere({ q, onOpen, onSearchEverywhere }: { q: string | undefined; onOpen: (id: string) => void; onSearchEverywhere: () => void }) {
  const { t } = useTranslation('desk');
  // no `open`: open and finished cases alike
  const everywhere = useCaseList({ q, limit: SHOWN }, !!q);
  if (!q) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('table.empty')} />;
  const found = everywhere.data?.items ?? [];
  const more = !!everywhere.data?.nextCursor;
  return (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        <div data-testid="search-everywhere">
          <div>{t('search.notInView', { q })}</div>
          {everywhere.isSuccess && !found.length && <Typography.Text type="secondary">{t('search.nowhere', { q })}</Typography.Text>}
          {found.length > 0 && (
            <Space orientation="vertical" size={4} style={{ marginTop: 8 }}>
              <Typography.Text>{t('search.foundElsewhere', { n: found.length, more: more ? '+' : '' })}</Typography.Text>
              {found.map((c) => (
                <Button key={c.id} size="small" type="link" onClick={() => onOpen(c.id)} data-testid="search-everywhere-case">
                  {c.number} <StateTag state={c.state} />
                </Button>
              ))}
            </Space>
          )}
        </div>
      }
    >
      <Button icon={<SearchOutlined />} onClick={onSearchEverywhere} data-testid="search-everywhere-button">
        {t('search.everywhere', { q })}
      </Button>
    </Empty>
  );
}
