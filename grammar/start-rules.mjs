// The grammar's allowed start rules: one per header value (or list element), plus the start
// line and a URI. scripts/build-grammar.mjs passes them to peggy.
export default [
  'Request_Line_start', 'Status_Line_start', 'Request_URI_start', 'URI_start',
  'From_value', 'To_value', 'Via_value', 'Contact_value', 'Accept_Contact_value', 'Reject_Contact_value',
  'Option_tag_value', 'Method_value', 'Event_type_value', 'Session_Expires_value', 'Min_SE_value',
  'Privacy_value', 'Server_value', 'Event_value', 'Subscription_State_value', 'Expires_value',
  'Accept_value', 'Content_Type_value', 'Content_Disposition_value', 'Route_value',
  'Referred_By_value', 'Refer_To_value', 'Max_Forwards_value', 'Date_value', 'Call_ID_value',
  'CSeq_value', 'Content_Length_value', 'Retry_After_value', 'Warning_value',
];
