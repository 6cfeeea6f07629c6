import { AimOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { Button, Drawer } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DistrictView, GridCellView } from '@gridops/contracts';
import { pointInGeometry, type LatLng } from '@gridops/domain';
import { useLabels } from '../../i18n/labels';
import { cellOf, type ReportValues } from './report-form';

const AreaMap = lazy(() => import('./AreaMap'));

type Location = NonNullable<ReportValues['location']>;

/**
 * Where the problem is: the phone's position (browser geolocation, WGS-84 like the town's outlines) or a tap on the
 * offline map of the worker's 片区. Shows the grid cell (网格) the point falls in.
 */
export function LocationField({ value, onChange, district, cells, invalid }: { value: Location | null; onChange: (l: Location) => void; district: DistrictView | null; cells: GridCellView[]; invalid?: boolean }) {
  const { t } = useTranslation('field');
  const labels = useLabels();
  const [locating, setLocating] = useState(false);
  const [geoError, setGeoError] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const cell = value ? cellOf(value, cells) : undefined;

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setGeoError(t('report.geoUnsupported'));
      return;
    }
    setLocating(true);
    setGeoError(null);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        onChange({ lat: pos.coords.latitude, lng: pos.coords.longitude, accuracy: Math.round(pos.coords.accuracy), source: 'gps' });
      },
      (err) => {
        setLocating(false);
        setGeoError(t('report.geoDenied', { message: err.message || String(err.code) }));
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 30_000 },
    );
  };

  return (
    <div>
      <div className="field-location">
        <Button icon={<AimOutlined />} loading={locating} onClick={locate} danger={invalid && !value} data-testid="locate">
          {locating ? t('report.locating') : t('report.locate')}
        </Button>
        <Button icon={<EnvironmentOutlined />} onClick={() => setPicking(true)} danger={invalid && !value} data-testid="pick-on-map">
          {t('report.pickOnMap')}
        </Button>
      </div>
      {value && (
        <div className="field-location-info" data-testid="location-info">
          {cell ? t('report.inCell', { cell: `${labels.district(cell.districtCode)} · ${labels.name(cell.nameZh, cell.nameEn)}` }) : null}
          {cell ? ' · ' : ''}
          {value.lat.toFixed(6)}, {value.lng.toFixed(6)}
          {value.accuracy ? ` · ${t('report.accuracy', { m: value.accuracy })}` : ''}
        </div>
      )}
      {geoError && <div role="alert" className="field-location-info" style={{ color: '#cf1322' }}>{geoError}</div>}
      {picking && (
        <MapPicker
          initial={value}
          district={district}
          cells={cells}
          onClose={() => setPicking(false)}
          onPick={(p) => {
            onChange({ ...p, accuracy: null, source: 'map' });
            setPicking(false);
          }}
        />
      )}
    </div>
  );
}

function MapPicker({ initial, district, cells, onClose, onPick }: { initial: LatLng | null; district: DistrictView | null; cells: GridCellView[]; onClose: () => void; onPick: (p: LatLng) => void }) {
  const { t } = useTranslation('field');
  const labels = useLabels();
  const [point, setPoint] = useState<LatLng | null>(initial);
  const own = useMemo(() => (district ? cells.filter((c) => c.districtCode === district.code) : cells), [cells, district]);
  const areas = useMemo(
    () => own.map((c) => ({ code: c.code, name: labels.name(c.nameZh, c.nameEn), geometry: c.geometry })),
    // labels is a new object each render; only its language matters
    [own, labels.lang],
  );
  const inside = point !== null && (!district || pointInGeometry(point, district.geometry));
  const cell = point ? cellOf(point, own) : undefined;
  return (
    <Drawer open placement="bottom" size="92vh" onClose={onClose} title={t('report.pickTitle')} className="field-sheet">
      <div style={{ color: '#5f6878', fontSize: 13, marginBottom: 8 }}>{t('report.pickHint')}</div>
      <Suspense fallback={<div className="field-map picker" />}>
        <AreaMap areas={areas} point={point} onPick={setPoint} className="field-map picker" />
      </Suspense>
      <div style={{ minHeight: 40, marginTop: 8, fontSize: 14 }} data-testid="picked-point">
        {point && inside && cell && `${labels.name(cell.nameZh, cell.nameEn)} · ${point.lat.toFixed(6)}, ${point.lng.toFixed(6)}`}
        {point && !inside && <span style={{ color: '#cf1322' }}>{t('report.outsideDistrict', { district: district ? labels.name(district.nameZh, district.nameEn) : '' })}</span>}
      </div>
      <Button type="primary" block autoInsertSpace={false} className="field-big-btn" disabled={!inside} onClick={() => point && onPick(point)} data-testid="confirm-point">
        {t('report.confirmPoint')}
      </Button>
    </Drawer>
  );
}
