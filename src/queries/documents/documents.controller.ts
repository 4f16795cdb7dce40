import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Authorize, READERS, SCREEN_READERS } from '../../http/auth/access.decorator.js';
import { LedgerIdParam } from '../../http/params.js';
import { ReadQuery } from '../shared/read-query.dto.js';
import { decisionLayout } from './decision-layout.js';
import { DocumentSources } from './document-sources.js';
import { renderPdf } from './pdf-renderer.js';
import { rankingLayout } from './ranking-layout.js';

const PDF = { description: 'The document as a PDF (A4, fonts embedded)', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } };

/** A file name any client keeps as it is: the decision number without tone marks, and nothing but letters, digits, dots and dashes. */
export function asciiFileName(stem: string): string {
  const ascii = stem
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${ascii.slice(0, 120) || 'van-ban'}.pdf`;
}

const pdfFile = (pdf: Buffer, fileName: string) =>
  new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename="${fileName}"`, length: pdf.length });

/**
 * Printed documents (văn bản in): a commendation decision and a published ranking as Vietnamese
 * administrative documents (layouts: decision-layout.ts, ranking-layout.ts). Each is allowed to
 * whoever may read the same thing as JSON.
 */
@ApiTags('Văn bản in (documents)')
@Controller()
export class DocumentsController {
  constructor(private readonly sources: DocumentSources) {}

  @Authorize({ roles: READERS })
  @Get('api/commendations/:id/decision.pdf')
  @ApiOperation({
    summary: 'The decision (quyết định khen thưởng) a commendation belongs to, as a PDF',
    description:
      'Laid out as Nghị định 30/2020/NĐ-CP lays out a decision: issuing body and national motto, number and place-and-date line, grounds, Điều 1 with every recipient of the same number, date and authority (name, unit, form or title, money), Điều 2-3, signature block. A revoked decision carries a "ĐÃ THU HỒI" mark and its revocation and recovery.',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse(PDF)
  async decision(@LedgerIdParam('id') id: string, @Query() query: ReadQuery): Promise<StreamableFile> {
    const document = await this.sources.decision(id, query.minPosition);
    return pdfFile(await renderPdf(decisionLayout(document)), asciiFileName(`quyet-dinh-${document.decisionNo}`));
  }

  @Authorize({ roles: SCREEN_READERS })
  @Get('api/campaigns/:id/clusters/:clusterId/rankings/publications/:publicationId/ranking.pdf')
  @ApiOperation({
    summary: 'A published ranking (kết quả xếp hạng đã công bố) as a PDF, with the integrity checkpoint of the log it reflects',
    description:
      'Rank, unit, group subtotals, bonus, penalty and total in the Vietnamese number format, the period and both clocks, who published; at the foot the position and SHA-256 hash of the hash chain at the position the ranking reflects (and at the publication itself), with the line to verify them: `GET /api/integrity?expect=<position>:<hash>`.',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse(PDF)
  async ranking(
    @LedgerIdParam('id') id: string,
    @LedgerIdParam('clusterId') clusterId: string,
    @LedgerIdParam('publicationId') publicationId: string,
    @Query() query: ReadQuery,
  ): Promise<StreamableFile> {
    const document = await this.sources.ranking(id, clusterId, publicationId, query.minPosition);
    return pdfFile(await renderPdf(rankingLayout(document)), asciiFileName(`xep-hang-${id}-${clusterId}-${publicationId}`));
  }
}
