// Public surface of @devrev-kit/client: filled in as the package is built.
export {};
