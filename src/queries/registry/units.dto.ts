import { AsOfQuery } from '../shared/read-query.dto.js';

export class UnitQuery extends AsOfQuery {}
