/**
 * Word lists for realistic seed data. Names come per country so a contact's name, city, phone prefix and country
 * agree. Non-Latin names carry an ASCII form for email addresses (as real systems do).
 */

/** [display, ascii] — ascii is used to build email addresses and URLs. */
export type Name = readonly [string, string];

export interface Country {
  code: string; // ISO-2
  phonePrefix: string;
  firstNames: readonly Name[];
  lastNames: readonly Name[];
  cities: ReadonlyArray<{ locality: string; region: string; postal: string }>;
  tld: string;
}

const latin = (...names: string[]): Name[] =>
  names.map((n) => [n, n.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z]/g, '').toLowerCase()] as const);

export const COUNTRIES: readonly Country[] = [
  {
    code: 'US', phonePrefix: '+1', tld: 'com',
    firstNames: latin('James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Emily', 'Chris', 'Ashley', 'Daniel', 'Sarah', 'Kevin', 'Megan'),
    lastNames: latin('Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', "O'Connor", 'Nguyen'),
    cities: [
      { locality: 'San Francisco', region: 'California', postal: '94105' },
      { locality: 'New York', region: 'New York', postal: '10001' },
      { locality: 'Austin', region: 'Texas', postal: '73301' },
      { locality: 'Chicago', region: 'Illinois', postal: '60601' },
      { locality: 'Seattle', region: 'Washington', postal: '98101' },
    ],
  },
  {
    code: 'GB', phonePrefix: '+44', tld: 'co.uk',
    firstNames: latin('Oliver', 'Amelia', 'Harry', 'Isla', 'George', 'Ava', 'Noah', 'Mia', 'Jack', 'Sophie'),
    lastNames: latin('Clarke', 'Wright', 'Walker', 'Hughes', 'Edwards', 'Green', 'Hall', 'Wood', 'Evans'),
    cities: [
      { locality: 'London', region: 'England', postal: 'EC1A 1BB' },
      { locality: 'Manchester', region: 'England', postal: 'M1 1AE' },
      { locality: 'Edinburgh', region: 'Scotland', postal: 'EH1 1YZ' },
    ],
  },
  {
    code: 'DE', phonePrefix: '+49', tld: 'de',
    firstNames: latin('Jürgen', 'Lukas', 'Sophie', 'Maximilian', 'Jörg', 'Anna', 'Günther', 'Lea', 'Felix', 'Käthe'),
    lastNames: latin('Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weiß', 'Meyer', 'Wagner', 'Becker', 'Schäfer', 'Hoffmann'),
    cities: [
      { locality: 'Berlin', region: 'Berlin', postal: '10115' },
      { locality: 'München', region: 'Bayern', postal: '80331' },
      { locality: 'Köln', region: 'Nordrhein-Westfalen', postal: '50667' },
      { locality: 'Düsseldorf', region: 'Nordrhein-Westfalen', postal: '40213' },
    ],
  },
  {
    code: 'FR', phonePrefix: '+33', tld: 'fr',
    firstNames: latin('Éloïse', 'Léa', 'Hélène', 'Chloé', 'François', 'Jérôme', 'Zoé', 'Noël', 'Amélie', 'Théo'),
    lastNames: latin('Martin', 'Bernard', 'Dubois', 'Lefèvre', 'Moreau', 'Girard', 'Gaël', 'Rousseau', 'Fontaine'),
    cities: [
      { locality: 'Paris', region: 'Île-de-France', postal: '75001' },
      { locality: 'Lyon', region: 'Auvergne-Rhône-Alpes', postal: '69001' },
      { locality: 'Nantes', region: 'Pays de la Loire', postal: '44000' },
    ],
  },
  {
    code: 'ES', phonePrefix: '+34', tld: 'es',
    firstNames: latin('José', 'María', 'Begoña', 'Iñaki', 'Lucía', 'Álvaro', 'Sofía', 'Raúl', 'Núria', 'Íñigo'),
    lastNames: latin('García', 'Fernández', 'López', 'Martínez', 'Muñoz', 'Peña', 'Ibáñez', 'Gómez', 'Castaño'),
    cities: [
      { locality: 'Madrid', region: 'Comunidad de Madrid', postal: '28001' },
      { locality: 'Barcelona', region: 'Cataluña', postal: '08001' },
      { locality: 'A Coruña', region: 'Galicia', postal: '15001' },
    ],
  },
  {
    code: 'MX', phonePrefix: '+52', tld: 'com.mx',
    firstNames: latin('Sebastián', 'Valentina', 'Mateo', 'Ximena', 'Santiago', 'Regina', 'Andrés', 'Fernanda'),
    lastNames: latin('Hernández', 'González', 'Rodríguez', 'Pérez', 'Sánchez', 'Ramírez', 'Cruz', 'Núñez'),
    cities: [
      { locality: 'Ciudad de México', region: 'CDMX', postal: '06000' },
      { locality: 'Monterrey', region: 'Nuevo León', postal: '64000' },
      { locality: 'Guadalajara', region: 'Jalisco', postal: '44100' },
    ],
  },
  {
    code: 'CO', phonePrefix: '+57', tld: 'com.co',
    firstNames: latin('Camilo', 'Daniela', 'Julián', 'Mariana', 'Esteban', 'Natalia', 'Sebastián', 'Paula'),
    lastNames: latin('Restrepo', 'Gómez', 'Vargas', 'Ospina', 'Londoño', 'Muñoz', 'Zuluaga', 'Jiménez'),
    cities: [
      { locality: 'Bogotá', region: 'Cundinamarca', postal: '110111' },
      { locality: 'Medellín', region: 'Antioquia', postal: '050001' },
      { locality: 'Cali', region: 'Valle del Cauca', postal: '760001' },
    ],
  },
  {
    code: 'BR', phonePrefix: '+55', tld: 'com.br',
    firstNames: latin('João', 'Ana', 'Thiago', 'Letícia', 'Gonçalo', 'Luíza', 'Caio', 'Beatriz'),
    lastNames: latin('Silva', 'Santos', 'Oliveira', 'Souza', 'Conceição', 'Araújo', 'Magalhães', 'Gonçalves'),
    cities: [
      { locality: 'São Paulo', region: 'SP', postal: '01000-000' },
      { locality: 'Rio de Janeiro', region: 'RJ', postal: '20000-000' },
      { locality: 'Florianópolis', region: 'SC', postal: '88000-000' },
    ],
  },
  {
    code: 'CN', phonePrefix: '+86', tld: 'cn',
    firstNames: [['伟', 'wei'], ['芳', 'fang'], ['秀英', 'xiuying'], ['强', 'qiang'], ['静', 'jing'], ['磊', 'lei'], ['丽娜', 'lina']],
    lastNames: [['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['赵', 'zhao']],
    cities: [
      { locality: '上海', region: '上海市', postal: '200000' },
      { locality: '北京', region: '北京市', postal: '100000' },
      { locality: '深圳', region: '广东省', postal: '518000' },
    ],
  },
  {
    code: 'AE', phonePrefix: '+971', tld: 'ae',
    firstNames: [['محمد', 'mohamed'], ['فاطمة', 'fatima'], ['أحمد', 'ahmed'], ['ليلى', 'layla'], ['عمر', 'omar'], ['نور', 'nour']],
    lastNames: [['العلي', 'alali'], ['الحسن', 'alhassan'], ['المنصوري', 'almansoori'], ['الشامسي', 'alshamsi'], ['حداد', 'haddad']],
    cities: [
      { locality: 'دبي', region: 'دبي', postal: '00000' },
      { locality: 'Abu Dhabi', region: 'Abu Dhabi', postal: '00000' },
    ],
  },
];

/** Weighted so most data is US/European, with a visible share of the rest. */
export const COUNTRY_WEIGHTS: readonly number[] = [30, 10, 10, 8, 9, 7, 7, 7, 6, 6];

export const JOB_TITLES = [
  'CTO', 'CEO', 'Founder', 'Co-Founder', 'VP of Sales', 'VP Engineering', 'Head of Marketing', 'Sales Manager',
  'Account Executive', 'Software Engineer', 'Senior Software Engineer', 'Product Manager', 'Data Scientist',
  'Customer Success Manager', 'Marketing Director', 'Operations Manager', 'CFO', 'Head of Growth',
  'Business Development Representative', 'Director de Ventas', 'Gerente General', 'Geschäftsführer', 'Directeur Commercial',
] as const;

export const INDUSTRIES = [
  'Software', 'Financial Services', 'Healthcare', 'Retail', 'Manufacturing', 'Education', 'Logistics',
  'Telecommunications', 'Real Estate', 'Energy', 'Media', 'Consulting', 'Agriculture', 'Hospitality',
] as const;

export const COMPANY_WORDS_A = [
  'Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Nimbus', 'Vertex', 'Orion', 'Quantum', 'Blue River',
  'Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Lumen', 'Helix', 'Atlas', 'Cobalt', 'Evergreen', 'Pinnacle',
  'Zenith', 'Aurora', 'Sierra', 'Café Olé', 'Müller & Söhne', 'Niño Verde', '华为星', 'الواحة',
] as const;

export const COMPANY_WORDS_B = [
  'Labs', 'Systems', 'Analytics', 'Logistics', 'Health', 'Solutions', 'Group', 'Technologies', 'Partners',
  'Industries', 'Networks', 'Ventures', 'Digital', 'Foods', 'Energy', 'Capital',
] as const;

export const COMPANY_SUFFIX_BY_COUNTRY: Record<string, readonly string[]> = {
  US: ['Inc.', 'LLC', 'Corp.'], GB: ['Ltd', 'PLC'], DE: ['GmbH', 'AG'], FR: ['SAS', 'SA'], ES: ['S.L.', 'S.A.'],
  MX: ['S.A. de C.V.'], CO: ['S.A.S.'], BR: ['Ltda.', 'S.A.'], CN: ['有限公司'], AE: ['LLC', 'FZ-LLC'],
};

export const COMPANY_SIZES = ['1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5001+'] as const;

export const VERIFICATION_STATUSES = ['verified', 'unverified', 'invalid', 'catch_all', 'risky'] as const;

export const LEAD_SOURCES = ['webinar', 'referral', 'website', 'event', 'cold_outreach', 'partner'] as const;

export const PRODUCT_NAMES = [
  'Starter Plan', 'Growth Plan', 'Enterprise Plan', 'Onboarding Package', 'Premium Support', 'Data Enrichment Add-on',
  'API Access', 'Training Workshop', 'Consulting Hour', 'Custom Integration', 'Analytics Dashboard', 'Email Credits 10k',
] as const;

export const PIPELINES = [
  { name: 'New Business', stages: ['Lead', 'Qualified', 'Demo', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost'] },
  { name: 'Renewals', stages: ['Upcoming', 'In Discussion', 'Renewed', 'Churned'] },
  { name: 'Partnerships', stages: ['Intro', 'Evaluation', 'Contract', 'Live'] },
] as const;

export const DEPARTMENTS = ['Engineering', 'Sales', 'Marketing', 'Operations', 'Finance', 'Customer Success', 'Product'] as const;

export const SENIORITIES = ['C-Level', 'VP', 'Director', 'Manager', 'Senior', 'Entry'] as const;

export const TECHNOLOGIES: ReadonlyArray<readonly [string, string]> = [
  ['React', 'JavaScript Frameworks'], ['Vue.js', 'JavaScript Frameworks'], ['Angular', 'JavaScript Frameworks'],
  ['Next.js', 'Web Frameworks'], ['WordPress', 'CMS'], ['Contentful', 'CMS'], ['Shopify', 'Ecommerce'],
  ['Magento', 'Ecommerce'], ['Google Analytics', 'Analytics'], ['Segment', 'Analytics'], ['Mixpanel', 'Analytics'],
  ['HubSpot', 'Marketing Automation'], ['Marketo', 'Marketing Automation'], ['Salesforce', 'CRM'],
  ['Intercom', 'Live Chat'], ['Zendesk', 'Customer Support'], ['Cloudflare', 'CDN'], ['Fastly', 'CDN'],
  ['AWS', 'Hosting'], ['Google Cloud', 'Hosting'], ['Stripe', 'Payments'], ['Nginx', 'Web Servers'],
];

export const ICP_KEYWORDS = ['B2B SaaS', 'e-commerce', 'fintech', 'logistics', 'healthtech', 'marketplace', 'API-first'] as const;
