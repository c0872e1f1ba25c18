/** The registration fields as command-line flags, shared by `arrival add` and `arrival edit`. */
import { Option } from 'commander';
import type { ArrivalField } from '../../domain/arrival.js';
import { DOC_TYPES, normaliseDocType } from '../../domain/document.js';
import { choiceOption } from '../command.js';
import type { Cli } from '../context.js';

/** The flags of the registration fields, as commander parses them. */
export interface RegistrationFlags {
  name?: string;
  docType?: string;
  idNumber?: string;
  country?: string;
  phone?: string;
  origin?: string;
  arrivalDate?: string;
  arrivalTime?: string;
  transport?: string;
  destination?: string;
  contact?: string;
  exposureDate?: string;
  entryDate?: string;
  leftDate?: string;
  vehicle?: string;
  township?: string;
  note?: string;
}

/** Each flag's field. */
export const FIELD_OF_FLAG: Record<keyof RegistrationFlags, ArrivalField> = {
  name: 'name', docType: 'doc_type', idNumber: 'id_number', country: 'doc_country', phone: 'phone', origin: 'origin', arrivalDate: 'arrival_date', arrivalTime: 'arrival_time',
  transport: 'transport', destination: 'destination', contact: 'contact_type', exposureDate: 'exposure_date', entryDate: 'entry_date', leftDate: 'left_date', vehicle: 'vehicle',
  township: 'township', note: 'note',
};

/** The fields the flags give (a flag not given is left out; "" is kept: it clears a field in edit). */
export function fieldsOf(flags: RegistrationFlags): Partial<Record<ArrivalField, string>> {
  const out: Partial<Record<ArrivalField, string>> = {};
  for (const [flag, field] of Object.entries(FIELD_OF_FLAG) as Array<[keyof RegistrationFlags, ArrivalField]>) {
    const v = flags[flag];
    if (typeof v === 'string') out[field] = v;
  }
  return out;
}

/** --doc-type and --country, the same on add and edit. */
export function documentOptions(cli: Cli): Option[] {
  const { t } = cli;
  return [
    choiceOption(
      cli,
      '--doc-type <type>',
      t('证件类型（默认 resident_id 居民身份证，含港澳台居民居住证）', 'document type (default resident_id, which covers the residence permits of Hong Kong, Macao and Taiwan residents)'),
      'doc_type',
      DOC_TYPES,
      (raw) => normaliseDocType(raw),
    ),
    new Option('--country <country>', t('护照的国籍/签发国：国家的三位字母代码或中文名（如 美国）', 'the issuing country of a passport: its 3-letter code (USA) or name')),
  ];
}
