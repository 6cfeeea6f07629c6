import { useQuery } from '@tanstack/react-query';
import { Alert, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { NearbyCase } from '@gridops/contracts';
import type { LatLng } from '@gridops/domain';
import { api } from '../../api/http';
import { StateTag } from '../../ui/StateTag';
import { townTime } from '../../ui/town-time';
import './messages';

/**
 * The open cases of the category around the point being keyed in — what the pipeline would suggest as a duplicate
 * (`GET /cases/nearby`, the server's one duplicate search) — shown before the operator saves, callers masked.
 */
export function NearbyDuplicates({ categoryCode, location }: { categoryCode: string | null; location: LatLng | null }) {
  const { t } = useTranslation('desk');
  const query = categoryCode && location ? { category: categoryCode, lat: location.lat, lng: location.lng } : null;
  const nearby = useQuery({
    queryKey: ['cases', 'nearby', query],
    queryFn: () => api<NearbyCase[]>('/cases/nearby', { query: query ?? {} }),
    enabled: !!query,
    staleTime: 15_000,
  });
  if (!query) return <Typography.Text type="secondary" data-testid="nearby-idle">{t('intake.nearbyIdle')}</Typography.Text>;
  if (nearby.isError) return <Alert type="warning" showIcon title={t('intake.nearbyFailed')} />;
  const items = nearby.data ?? [];
  return (
    <div data-testid="nearby-duplicates">
      {nearby.isSuccess && (
        <Alert
          type={items.length ? 'warning' : 'success'}
          showIcon
          title={items.length ? t('intake.nearbyFound', { n: items.length }) : t('intake.nearbyNone')}
          style={{ marginBottom: 8 }}
          role="status"
        />
      )}
      <List
        size="small"
        loading={nearby.isLoading}
        dataSource={items}
        renderItem={(n) => (
          <List.Item key={n.case.id} data-testid="nearby-case">
            <div style={{ minWidth: 0 }}>
              <div>
                <Link to={`/cases/${n.case.id}`} target="_blank" rel="noopener">{n.case.number}</Link> <StateTag state={n.case.state} />{' '}
                <Typography.Text type="secondary">{t('intake.nearbyMeta', { m: n.metres, at: townTime(n.case.reportedAt).format('HH:mm') })}</Typography.Text>
              </div>
              <Typography.Text ellipsis style={{ maxWidth: 300, display: 'block' }}>{n.case.description}</Typography.Text>
              {n.case.caller && <Typography.Text type="secondary" data-testid="nearby-caller">{t('intake.nearbyCaller', { caller: n.case.caller })}</Typography.Text>}
            </div>
          </List.Item>
        )}
      />
    </div>
  );
}
