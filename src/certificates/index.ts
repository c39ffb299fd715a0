export { certificatesRouter } from './certificates.routes';
export { certificatesAdminRouter } from './certificates.admin.routes';
export { certificateRegisterRouter } from './register.routes';
export { issueCertificate, markComplete, revokeCertificate, reissueCertificate, verifyCertificate } from './certificates.service';
export { certificatesOfUser, certificatesForSession, purgeExpiredCertificates, type CertificateRow } from './certificates.repository';
export { creditsLine, ceusOf, RETENTION_YEARS } from './certificates.policy';
export { renderCertificatePdf, displayCode, verifyUrl, certificateText, qrDescription } from './certificate.pdf';
export { tellLearner } from './certificates.mail';
