/**
 * Demo mode only: fixed API keys so an Open311 client or an IoT simulator works out of the box. They are printed at
 * start beside the demo logins; like the demo password, they must never exist on a real install.
 */
export interface DemoApiKeySeed {
  key: string;
  name: string;
  /** values of API_KEY_SCOPES in @gridops/contracts */
  scopes: string[];
}

export const DEMO_API_KEYS: DemoApiKeySeed[] = [
  { key: 'demo-open311-key', name: '演示 Open311 客户端 (demo Open311 client)', scopes: ['open311'] },
  { key: 'demo-iot-key', name: '演示物联感知平台 (demo IoT platform)', scopes: ['alarms'] },
  { key: 'demo-video-key', name: '演示视频AI平台 (demo video analytics platform)', scopes: ['video'] },
];
