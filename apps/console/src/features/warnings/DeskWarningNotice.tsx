import { Alert, Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Role } from '@gridops/domain';
import { drillHref } from '../desk/desk-filters';
import { ACK_ROLES, useAcknowledgeWarning, useWarnings } from './warnings-api';
import './messages';

/**
 * The shift lead's notice on the desk: trend warnings not yet acknowledged (newest three), each with its sentence,
 * its cases on the desk and — for a shift lead — 确认 at hand. Nothing shows while there is none.
 */
export function DeskWarningNotice({ role }: { role: Role }) {
  const { t, i18n } = useTranslation('warnings');
  const q = useWarnings({ status: 'open', limit: 3 });
  const ack = useAcknowledgeWarning();
  const items = q.data?.items ?? [];
  if (!items.length) return null;
  const en = i18n.language === 'en';
  const canAck = ACK_ROLES.includes(role);
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 8 }}
      data-testid="desk-warnings"
      title={
        <Space size={12} wrap>
          <strong>{t('desk.title', { n: q.data?.nextCursor ? `${items.length}+` : items.length })}</strong>
          <Link to="/warnings">{t('desk.more')}</Link>
        </Space>
      }
      description={
        <ul className="desk-warning-list">
          {items.map((w) => (
            <li key={w.id} data-testid="desk-warning">
              <span>{en ? w.message.en : w.message.zh}</span>
              <Space size={8}>
                <Link to={drillHref({ district: [w.casesQuery.district], category: [w.casesQuery.category], from: w.casesQuery.from, to: w.casesQuery.to })}>{t('page.openCases')}</Link>
                {canAck && (
                  <Button size="small" onClick={() => ack.mutate(w.id)} loading={ack.isPending && ack.variables === w.id}>
                    {t('page.acknowledge')}
                  </Button>
                )}
              </Space>
            </li>
          ))}
        </ul>
      }
    />
  );
}
