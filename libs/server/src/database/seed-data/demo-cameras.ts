/**
 * Demo cameras (视频监控点位) for demo mode: two per 片区, at the centre of the 片区's first two grid cells, each
 * reporting the four problems the video platform's models look for on a street — 店外经营 (占道经营), 暴露垃圾,
 * 非机动车乱停放, 乱堆物堆料 — so `demo-video-key` has cameras to send detections from. District and grid cell are what
 * the point-in-polygon of libs/domain says, as the registry computes them for a camera an admin adds.
 */
import { findContaining, type DistrictCode } from '@gridops/domain';
import { TOWN_GEOGRAPHY, sampleInteriorPoint, type LatLng } from './geography';

export interface DemoCameraSeed {
  id: string;
  name: string;
  location: LatLng;
  districtCode: DistrictCode;
  gridCellCode: string;
  address: string;
  categories: string[];
}

/** What the demo cameras report: E0504 店外经营 (占道经营), E0102 暴露垃圾, E0506 非机动车乱停放, E0507 乱堆物堆料. */
export const DEMO_CAMERA_CATEGORIES = ['E0504', 'E0102', 'E0506', 'E0507'];

const DISTRICT_INITIALS: Record<DistrictCode, string> = { xincheng: 'XC', jinsha: 'JS', nujiang: 'NJ', meichuan: 'MC' };

function buildDemoCameras(): DemoCameraSeed[] {
  const cameras: DemoCameraSeed[] = [];
  for (const district of TOWN_GEOGRAPHY.districts) {
    const cells = TOWN_GEOGRAPHY.gridCells.filter((c) => c.districtCode === district.code).slice(0, 2);
    cells.forEach((cell, k) => {
      const location = sampleInteriorPoint(cell.code, 0);
      const found = findContaining(location, TOWN_GEOGRAPHY.gridCells);
      if (found?.code !== cell.code) throw new Error(`demo camera point for ${cell.code} falls in ${found?.code ?? 'no cell'}`);
      cameras.push({
        id: `SP-${DISTRICT_INITIALS[district.code]}-${String(k + 1).padStart(3, '0')}`,
        name: `${cell.nameZh}沿街监控${k + 1}号`,
        location,
        districtCode: found.districtCode,
        gridCellCode: found.code,
        address: `长征镇${district.nameZh}片区${cell.nameZh}（示意位置）`,
        categories: DEMO_CAMERA_CATEGORIES,
      });
    });
  }
  return cameras;
}

export const DEMO_CAMERA_SEEDS: DemoCameraSeed[] = buildDemoCameras();
