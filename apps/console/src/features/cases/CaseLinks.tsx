import { useQuery } from '@tanstack/react-query';
import { Card, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseLinks as CaseLinksView, LinkedCase } from '@gridops/contracts';
import { api } from '../../api/http';
import { useLabels } from '../../i18n/labels';
import './messages';

/**
 * 专项关联 in the case file, both ways: a repeat names the 专项 (root-cause) case opened for its hotspot; a 专项 case
 * lists the repeats it links. Nothing is shown for a case with no links.
 */
export function CaseLinks({ caseId }: { caseId: string }) {
  const { t } = useTranslation('cases');
  const labels = useLabels();
  const query = useQuery({
    queryKey: ['case-links', caseId],
    queryFn: ({ signal }) => api<CaseLinksView>(`/cases/${caseId}/links`, { signal }),
    staleTime: 30_000,
  });
  const links = query.data;
  if (!links || (!links.special && links.repeats.length === 0)) return null;
  const item = (c: LinkedCase) => (
    <Space key={c.id} size={6}>
      <Link to={`/cases/${c.id}`}>{c.number}</Link>
      <Tag>{labels.state(c.state)}</Tag>
    </Space>
  );
  return (
    <Card size="small" title={t('links.title')} className="case-section" styles={{ body: { padding: 12 } }} data-testid="case-links">
      {links.special && (
        <div>
          <Typography.Text type="secondary">{t('links.special')} </Typography.Text>
          {item(links.special)}
        </div>
      )}
      {links.repeats.length > 0 && (
        <div>
          <Typography.Text type="secondary">{t('links.repeats', { n: links.repeats.length })} </Typography.Text>
          <Space wrap size={[12, 4]}>
            {links.repeats.map(item)}
          </Space>
        </div>
      )}
    </Card>
  );
}
