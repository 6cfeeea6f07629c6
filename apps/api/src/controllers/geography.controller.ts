import { Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { geographyUploadFieldsSchema, type GeographyApplyResult, type GeographyDryRunReport, type GeographyVersionsView } from '@gridops/contracts';
import { DISTRICT_CODES } from '@gridops/domain';
import { APP_CONFIG, CurrentUser, DirectoryService, GeographyImportService, LivePublisher, Roles, TOWN_ROOM, districtRoom, parseOr400, unitRoom, type AppConfig, type Principal } from '@gridops/server';
import { readSingleFile } from '../bootstrap/multipart';

/**
 * The town's real geography (docs/geography.md): admins upload a GeoJSON FeatureCollection of 片区 and 网格 outlines
 * (multipart field `file`; text fields `coordinateSystem`, `toleranceM2`, and for apply the dry run's `checksum`).
 */
@ApiTags('geography')
@ApiBearerAuth()
@Controller('admin/geography')
@Roles('admin')
export class GeographyController {
  constructor(
    private readonly imports: GeographyImportService,
    private readonly directory: DirectoryService,
    private readonly live: LivePublisher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** 200 with the report: errors and warnings per feature, what applying would change, the checksum to apply with. */
  @Post('dry-run')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  async dryRun(@Req() req: FastifyRequest): Promise<GeographyDryRunReport> {
    const upload = await readSingleFile(req, this.config.GEOGRAPHY_IMPORT_MAX_BYTES);
    const fields = parseOr400(geographyUploadFieldsSchema, upload.fields, 'fields');
    return this.imports.dryRun(upload, fields);
  }

  /** 201: one transaction; 409 when the checksum is not the dry run's of this file and map; 422 when it has errors. */
  @Post('apply')
  @ApiConsumes('multipart/form-data')
  async apply(@Req() req: FastifyRequest, @CurrentUser() user: Principal): Promise<GeographyApplyResult> {
    const upload = await readSingleFile(req, this.config.GEOGRAPHY_IMPORT_MAX_BYTES);
    const fields = parseOr400(geographyUploadFieldsSchema, upload.fields, 'fields');
    const result = await this.imports.apply(upload, fields, { userId: user.id, name: user.displayName });
    // open consoles read the outlines again (every signed-in socket is in one of these rooms; the Redis adapter
    // carries it to the sockets of the other api instances)
    const units = await this.directory.units();
    this.live.emit([TOWN_ROOM, ...DISTRICT_CODES.map(districtRoom), ...units.map((u) => unitRoom(u.code))], 'geography.changed', { version: result.version.id });
    return result;
  }

  /** Applied versions, newest first; `current` null while the schematic seed is the map. */
  @Get('versions')
  versions(): Promise<GeographyVersionsView> {
    return this.imports.versions();
  }
}
