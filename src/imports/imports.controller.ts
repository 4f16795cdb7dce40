import { Body, Catch, Controller, Get, Param, PayloadTooLargeException, Post, Req, Res, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiProperty,
  ApiPropertyOptional,
} from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { Authorize, SIGNED_IN } from '../http/auth/access.decorator.js';
import type { AuthenticatedRequest } from '../http/auth/access.guard.js';
import { ProblemFilter } from '../http/problem.filter.js';
import { problemType, RequestValidationError, type Problem } from '../http/problem.js';
import { NotFoundError } from '../ledger/errors.js';
import { ImportEngine, type ImportReport } from './import-engine.js';
import { IMPORT_KINDS, isImportKind, type ImportKind } from './import-kinds.js';
import { templateWorkbook } from './templates.js';

/** The largest file taken: a few thousand rows are a few hundred kilobytes. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DRY_RUN_VALUES = [true, false, 'true', 'false', '1', '0'] as const;

export class ImportFormDto {
  @ApiPropertyOptional({
    enum: IMPORT_KINDS,
    description: "Every row's kind; omitted: an XLSX workbook's sheets name theirs (Đơn vị, Cán bộ, Khen thưởng, Chấm điểm)",
  })
  @IsOptional()
  @IsIn(IMPORT_KINDS)
  kind?: ImportKind;
  @ApiPropertyOptional({ type: Boolean, description: 'true: check every row, write nothing' })
  @IsOptional()
  @IsIn(DRY_RUN_VALUES)
  dryRun?: (typeof DRY_RUN_VALUES)[number];
}

class ImportUploadDoc extends ImportFormDto {
  @ApiProperty({ type: 'string', format: 'binary', description: `.xlsx or .csv (UTF-8, separated by ; or ,), at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB` })
  file: unknown;
}

/** The file as multer hands it over (kept in memory: a spreadsheet, not a stream to store). */
interface UploadedSpreadsheet {
  originalname: string;
  buffer: Buffer;
  size: number;
}

/** A real run that wrote nothing (rows refused) or stopped midway: 422, with the whole report. */
class ImportNotWrittenError extends Error {
  constructor(readonly report: ImportReport) {
    super(
      report.outcome === 'refused'
        ? `${report.totals.refused} of ${report.totals.rows} rows would be refused (or the file could not be read): nothing was written`
        : `a row was refused while writing: the ${report.totals.written} rows before it are written; run the same file again once it is fixed in the ledger`,
    );
  }
}

/** The upload's own refusals: a file over the limit, and an import not written (its report in the problem). */
@Catch()
class ImportProblemFilter extends ProblemFilter {
  override toProblem(exception: unknown): Problem {
    if (exception instanceof PayloadTooLargeException) {
      const detail = `the file is larger than ${MAX_IMPORT_BYTES} bytes`;
      return problem(413, 'Content Too Large', 'body-too-large', detail, { errors: [{ field: 'file', message: detail }] });
    }
    if (exception instanceof ImportNotWrittenError) {
      const code = exception.report.outcome === 'refused' ? 'import-refused' : 'import-interrupted';
      return problem(422, 'Unprocessable Content', code, exception.message, { ...exception.report });
    }
    return super.toProblem(exception);
  }
}

const problem = (status: number, title: string, code: string, detail: string, extra: Record<string, unknown>): Problem => ({
  type: problemType(code),
  title,
  status,
  detail,
  code,
  ...extra,
});

@ApiTags('Nhập dữ liệu (imports)')
@Controller('api/imports')
@UseFilters(ImportProblemFilter)
export class ImportsController {
  constructor(private readonly engine: ImportEngine) {}

  @Authorize({ roles: SIGNED_IN })
  @Get('templates/:kind.xlsx')
  @ApiOperation({ summary: 'The XLSX template of a kind (mẫu nhập): Vietnamese headers, a note per column, drop-down lists for the closed vocabularies' })
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: `${XLSX}` })
  async template(@Param('kind') kind: string, @Res() res: Response): Promise<void> {
    if (!isImportKind(kind)) throw new NotFoundError('template', kind);
    res
      .status(200)
      .type(XLSX)
      .setHeader('Content-Disposition', `attachment; filename="mau-nhap-${kind}.xlsx"`)
      .send(await templateWorkbook(kind));
  }

  // Each row is then authorized by its own route's rule; the route itself needs a role that writes some kind of row.
  @Authorize({ roles: ['recorder', 'inspector'] })
  @Post()
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10 } }))
  @ApiOperation({
    summary:
      'Import a spreadsheet (units, officers, commendations, score entries): every row through the same DTO, access rule and command as its HTTP route; dryRun checks and writes nothing; a real run writes all rows or none',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ImportUploadDoc })
  @ApiOkResponse({ description: 'A dry run, or a file imported before (written: 0, alreadyImported: N): the report' })
  @ApiUnprocessableEntityResponse({
    description: 'import-refused (nothing written) or import-interrupted: problem+json with the report, every refused row named',
  })
  async import(
    @UploadedFile() file: UploadedSpreadsheet | undefined,
    @Body() form: ImportFormDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportReport> {
    if (!file) throw new RequestValidationError([{ field: 'file', message: 'is required: send the spreadsheet as multipart/form-data, field "file"' }]);
    const dryRun = form.dryRun === true || form.dryRun === 'true' || form.dryRun === '1';
    const report = await this.engine.run({ data: file.buffer, fileName: file.originalname, kind: form.kind ?? null, dryRun, principal: req.principal! });
    if (report.outcome === 'refused' || report.outcome === 'interrupted') throw new ImportNotWrittenError(report);
    res.status(report.totals.written > 0 ? 201 : 200);
    return report;
  }
}
