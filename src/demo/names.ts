// Words the generator draws on, so generated records read like a department's rather than "Row 17".
export const FIRST_NAMES = ['Amie', 'Ben', 'Callum', 'Dara', 'Ellen', 'Femi', 'Grace', 'Hassan', 'Isla', 'Jack', 'Kiran', 'Leah', 'Mo', 'Niamh', 'Owen', 'Priya', 'Quinn', 'Rosa', 'Sam', 'Tariq', 'Uma', 'Vik', 'Wren', 'Yusuf', 'Zoe'];
export const LAST_NAMES = ['Adeyemi', 'Brown', 'Clarke', 'Davies', 'Evans', 'Fraser', 'Gill', 'Hughes', 'Iqbal', 'Jones', 'Khan', 'Lewis', 'Morgan', 'Nowak', 'Okafor', 'Patel', 'Quigley', 'Roberts', 'Singh', 'Taylor', 'Usman', 'Walker', 'Young'];
export const JOB_TITLES = ['Case officer', 'Administrative officer', 'Policy adviser', 'Prison officer', 'Probation officer', 'Court clerk', 'Analyst', 'Developer', 'Service manager', 'Finance officer'];
/** Agencies and directorates, after the MoJ's shape: a department over agencies over business areas. */
export const AGENCY_NAMES = ['Prison and Probation Service', 'Courts and Tribunals Service', 'Legal Aid Agency', 'Office of the Public Guardian', 'Criminal Injuries Compensation', 'Corporate Services'];
export const AREA_NAMES = ['Operations', 'Digital', 'Finance', 'People', 'Estates', 'Policy', 'Data', 'Security', 'Commercial', 'Communications', 'Casework', 'Contact Centre'];
export const ASSET_NOUNS = ['case records', 'payroll data', 'CCTV footage', 'visitor logs', 'contract files', 'HR records', 'court listings', 'complaints', 'statistics', 'correspondence', 'audit logs', 'financial returns'];
export const SERVICE_NOUNS = ['Case Management', 'Booking', 'Payments', 'Scheduling', 'Document Store', 'Reporting', 'Identity', 'Contact Centre', 'Data Warehouse', 'Intranet'];
export const SUPPLIER_WORDS = ['Northgate', 'Bluebell', 'Harbour', 'Kestrel', 'Meridian', 'Oakfield', 'Pennine', 'Redwood', 'Summit', 'Thames', 'Vantage', 'Wessex'];
export const RISK_THREATS = ['Ransomware encrypts', 'A supplier loses', 'Staff misdirect', 'An outage stops', 'An insider discloses', 'Phishing compromises'];
export const INCIDENT_TITLES = ['Email sent to the wrong recipient', 'Laptop left on a train', 'Phishing email reported', 'Papers found in a meeting room', 'Service unavailable overnight', 'Shared drive opened too widely'];
export const CLASSIFICATIONS = ['OFFICIAL', 'OFFICIAL', 'OFFICIAL', 'OFFICIAL-SENSITIVE - HMG USE ONLY - PERSONAL DATA'];
