// The grammar's allowed start rules: one per header value (or list element), plus the start
// line and a URI. scripts/build-grammar.mjs passes them to peggy, with the TypeScript type each
// returns (for `--return-types`; paths are relative to src/sip/generated/).
const T = (name) => `import('../types.js').${name}`;

export const returnTypes = {
  Request_Line_start: `{ method: string; uri: ${T('SipUri')}; version: string }`,
  Status_Line_start: '{ version: string; status: number; reason: string }',
  Request_URI_start: T('SipUri'),
  URI_start: T('SipUri'),
  From_value: T('NameAddr'),
  To_value: T('NameAddr'),
  Via_value: T('Via'),
  Contact_value: T('ContactValue'),
  Accept_Contact_value: T('AcValue'),
  Reject_Contact_value: T('AcValue'),
  Option_tag_value: 'string',
  Method_value: 'string',
  Event_type_value: 'string',
  Session_Expires_value: T('SessionExpires'),
  Min_SE_value: T('MinSE'),
  Privacy_value: '{ values: string[]; commas: boolean }',
  Server_value: `${T('ServerVal')}[]`,
  Event_value: T('EventHeader'),
  Subscription_State_value: T('SubscriptionState'),
  Expires_value: 'number',
  Accept_value: T('MediaType'),
  Content_Type_value: T('MediaType'),
  Content_Disposition_value: T('ContentDisposition'),
  Route_value: T('NameAddr'),
  Referred_By_value: T('NameAddr'),
  Refer_To_value: T('NameAddr'),
  Max_Forwards_value: 'number',
  Date_value: 'string',
  Call_ID_value: 'string',
  CSeq_value: T('CSeq'),
  Content_Length_value: 'number',
  Retry_After_value: `{ deltaSeconds: number; comment?: string; params: ${T('GenericParam')}[] }`,
  Warning_value: '{ code: number; agent: string; text: string }',
};

export default Object.keys(returnTypes);
