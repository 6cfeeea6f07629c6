import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseDetail, CaseSummary } from '@gridops/contracts';
import './messages';

/** The flags beside the state (domain.md §4): 紧急, 督办, 上提区级, 待人工派遣, 疑似重复, rework/extension/return counts. */
export function CaseFlags({ c, onDuplicate }: { c: CaseSummary | CaseDetail; onDuplicate?: () => void }) {
  const { t } = useTranslation('cases');
  const d = c as Partial<CaseDetail>;
  return (
    <span className="case-flags" data-testid="case-flags">
      {c.urgent && <Tag color="red">{t('flag.urgent')}</Tag>}
      {c.supervised && <Tag color="volcano">{t('flag.supervised')}</Tag>}
      {c.escalatedToDistrict && <Tag color="purple">{t('flag.escalated')}</Tag>}
      {c.dispatchHold && c.state === 'PENDING_DISPATCH' && (
        <Tooltip title={t(`hold.${c.dispatchHold === 'no_one_on_duty' ? 'no_one_on_duty' : 'other'}`)}>
          <Tag color="orange" data-testid="flag-held">{t('flag.held')}</Tag>
        </Tooltip>
      )}
      {c.suggestedDuplicateOf && c.state === 'REPORTED' && (
        <Tag
          color="gold"
          data-testid="flag-duplicate"
          style={onDuplicate ? { cursor: 'pointer' } : undefined}
          onClick={(e) => {
            if (!onDuplicate) return;
            e.stopPropagation();
            onDuplicate();
          }}
        >
          {t('flag.duplicate')}
        </Tag>
      )}
      {!!d.reworkCount && <Tag>{t('flag.rework', { n: d.reworkCount })}</Tag>}
      {!!d.extensionCount && <Tag>{t('flag.extension', { n: d.extensionCount })}</Tag>}
      {!!d.returnCount && <Tag>{t('flag.returned', { n: d.returnCount })}</Tag>}
    </span>
  );
}
